/**
 * Capacity of `callbench load` itself: for each N, runs the real CLI (its own process) against
 * bench/sink-agent.ts (another process) with bench/scenarios/sink-call.yaml — ramp to N calls,
 * hold — and prints, from the run's summary.json: frame send lateness p50/p99, the share of
 * frames > 5 ms late, event-loop delay p99 (worst thread), caller CPU, sink CPU, and whether the
 * watchdog marked the generator the bottleneck. The machine's load average is printed with each
 * row: other work on the machine shows up in these numbers.
 *
 *   npm run bench:load                                    # N = 250,500,1000,2000 × threads 1,2
 *   npm run bench:load -- --calls 500,1000 --threads 2 --hold 60s
 *   npm run bench:load -- --reference                     # also: --find-limit against the reference agent
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadSummary } from '../src/report/load-types.ts';
import { startSink } from './sink-process.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '250,500,1000,2000' },
    threads: { type: 'string', default: '1,2' },
    ramp: { type: 'string', default: '10s' },
    hold: { type: 'string', default: '40s' },
    reference: { type: 'boolean', default: false },
    'reference-scenarios': { type: 'string', default: 'scenarios/orders' },
    // Longer than the reference scenarios' calls (40–90 s): a shorter step's verdict rests on one
    // wave of calls started together (README, "The reference agent's capacity").
    'step-duration': { type: 'string', default: '60s' },
  },
});
const cli = resolve('bin/callbench.js');
const outRoot = join(tmpdir(), `callbench-bench-load-${process.pid}`);

function runCli(args: string[], echo: boolean): Promise<number> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [cli, ...args], {
      stdio: ['ignore', echo ? 'inherit' : 'ignore', 'inherit'],
    });
    child.on('exit', (code) => res(code ?? 3));
  });
}

const f = (x: number | null, d = 1): string => (x === null ? '–' : x.toFixed(d));
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

console.log(
  `load capacity: callbench load vs sink agent, ramp ${values.ramp} then hold ${values.hold}, ${process.version}, machine load average before: ${load()}`,
);
console.log(
  'calls | threads | lateness p50 / p99 (ms) | >5 ms late | loop delay p99 (ms) | caller CPU | sink CPU | calls passed/started | strained s | generator | load avg (1/5/15 min) after',
);
for (const threads of values.threads.split(',').map(Number)) {
  for (const n of values.calls.split(',').map(Number)) {
    const sink = await startSink();
    const out = join(outRoot, `n${n}-t${threads}`);
    const code = await runCli(
      [
        'load',
        'bench/scenarios/sink-call.yaml',
        '-a',
        sink.url,
        '--stages',
        `${values.ramp}:${n},${values.hold}:${n}`,
        '--threads',
        String(threads),
        '--graceful-stop',
        '60s',
        '-o',
        out,
        '--plain',
      ],
      false,
    );
    const sinkReport = await sink.report();
    sink.stop();
    if (code !== 0 && code !== 1) {
      console.log(
        `${String(n).padStart(5)} | ${String(threads).padStart(7)} | callbench load exited ${code}`,
      );
      continue;
    }
    const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as LoadSummary;
    const g = s.generator;
    console.log(
      [
        String(n).padStart(5),
        String(threads).padStart(7),
        `${f(s.metrics.send_lateness_ms.p50, 2)} / ${f(s.metrics.send_lateness_ms.p99, 2)}`.padStart(
          23,
        ),
        `${(g.lateShare * 100).toFixed(2)}%`.padStart(10),
        f(g.eventLoopDelayP99Ms).padStart(19),
        `${f(g.cpuPercent, 0)}%`.padStart(10),
        `${f(sinkReport.cpuPercent, 0)}%`.padStart(8),
        `${s.calls.passed}/${s.calls.started}`.padStart(20),
        `${g.strainedSeconds}/${g.sampledSeconds}`.padStart(10),
        (g.bottleneck ? `BOTTLENECK from ${g.bottleneckSinceSec} s` : 'kept pace').padEnd(9),
        load(),
      ].join(' | '),
    );
  }
}

if (values.reference) {
  console.log(
    `\nfind-limit against the embedded reference agent (${values['reference-scenarios']}, ${values['step-duration']} steps), load average before: ${load()}`,
  );
  const out = join(outRoot, 'find-limit');
  await runCli(
    [
      'load',
      values['reference-scenarios'],
      '--find-limit',
      '--step-duration',
      values['step-duration'],
      '--budget',
      'turn_latency_ms=p(95)<800',
      '--budget',
      'call_failure_rate=rate<0.05',
      '--budget',
      'entity_exact_rate=rate>=0.9',
      '--max-steps',
      '8',
      '--seed',
      '1',
      '-o',
      out,
      '--plain',
    ],
    true,
  );
  console.log(`load average after: ${load()}`);
}
await rm(outRoot, { recursive: true, force: true });
process.exit(0);
