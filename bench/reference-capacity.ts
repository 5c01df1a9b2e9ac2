/**
 * What the reference agent costs per call, and so how many calls 2 cores can take: for each N,
 * starts `callbench agent` in its own process, runs `callbench load <scenarios> --vus N` against
 * it (another process), and prints the agent's CPU (all its threads, from /proc), the
 * generator's CPU, turn latency p50/p95, entity exact rate and calls passed. The agent's CPU per
 * concurrent call is the number that bounds capacity: cores / (agent + generator CPU per call).
 * Linux only (reads /proc/<pid>/stat). The machine's load average is printed with each row.
 *
 *   npm run bench:reference                          # N = 1,2,4,8, 60 s each, scenarios/orders
 *   npm run bench:reference -- --vus 4,6 --duration 90s --scenarios scenarios/benefits --out /tmp/ref
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadSummary } from '../src/report/load-types.ts';

const { values } = parseArgs({
  options: {
    vus: { type: 'string', default: '1,2,4,8' },
    duration: { type: 'string', default: '60s' },
    scenarios: { type: 'string', default: 'scenarios/orders' },
    'stt-threads': { type: 'string', default: '2' },
    /** Keep each level's load outputs (calls.csv says why calls failed) under this directory. */
    out: { type: 'string' },
  },
});
const cli = resolve('bin/callbench.js');
const outRoot = values.out ?? join(tmpdir(), `callbench-bench-reference-${process.pid}`);
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU seconds of a process, all threads included. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

function startAgent(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      cli,
      'agent',
      '--port',
      '0',
      '--today',
      '2026-11-10',
      '--store',
      'per-call',
      '--stt-threads',
      values['stt-threads'],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((res, rej) => {
    let seen = '';
    const timer = setTimeout(() => rej(new Error('the agent did not start within 60 s')), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /reference agent listening: (ws:\/\/\S+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        res({ child, url: m[1] });
      }
    });
    child.once('exit', (code) => rej(new Error(`the agent exited (${code}) before listening`)));
  });
}

function runLoad(args: string[]): Promise<number> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [cli, 'load', ...args], { stdio: 'ignore' });
    child.on('exit', (code) => res(code ?? 3));
  });
}

const f = (x: number | null | undefined, d = 0): string =>
  x === null || x === undefined ? '–' : x.toFixed(d);
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

console.log(
  `reference agent capacity: ${values.scenarios}, --vus N for ${values.duration}, stt threads ${values['stt-threads']}, ${process.version}, load average before: ${load()}`,
);
console.log(
  'vus | calls passed/started | turn p50 / p95 (ms) | entity exact | agent CPU | agent CPU per call | generator CPU | load avg after',
);
for (const n of values.vus.split(',').map(Number)) {
  const { child, url } = await startAgent();
  const pid = child.pid ?? 0;
  const out = join(outRoot, `vus${n}`);
  const cpuBefore = await cpuSeconds(pid);
  const t0 = performance.now();
  const code = await runLoad([
    values.scenarios,
    '-a',
    url,
    '--vus',
    String(n),
    '--duration',
    values.duration,
    '--seed',
    '1',
    // Calls last ~40 s: let the ones started near the end finish, so none counts as interrupted.
    '--graceful-stop',
    '90s',
    '-o',
    out,
  ]);
  const agentPercent = ((await cpuSeconds(pid)) - cpuBefore) / ((performance.now() - t0) / 1000);
  child.kill();
  if (code !== 0 && code !== 1) {
    console.log(`${String(n).padStart(3)} | callbench load exited ${code}`);
    continue;
  }
  const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as LoadSummary;
  const turn = s.metrics.turn_latency_ms;
  console.log(
    [
      String(n).padStart(3),
      `${s.calls.passed}/${s.calls.started}`.padStart(20),
      `${f(turn?.p50)} / ${f(turn?.p95)}`.padStart(19),
      `${f((s.rates.entity_exact_rate ?? NaN) * 100, 1)}%`.padStart(12),
      `${f(agentPercent * 100)}%`.padStart(9),
      `${f((agentPercent * 100) / n, 1)}%`.padStart(18),
      `${f(s.generator.cpuPercent)}%`.padStart(13),
      load(),
    ].join(' | '),
  );
}
if (values.out === undefined) await rm(outRoot, { recursive: true, force: true });
else console.log(`load outputs: ${outRoot}/vus<N>/`);
process.exit(0);
