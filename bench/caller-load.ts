/**
 * How many concurrent calls can the caller pace? Runs the full simulated caller against a sink
 * agent (its own process) for N = 100, 500, 1000, 2000 calls and prints, per N: frame send
 * lateness p50/p99/max, the share of frames >5 ms late, event-loop delay p99, CPU of the caller
 * process and of the sink, and wall-clock drift.
 *
 *   npm run bench:caller                              # N = 100,500,1000,2000, one thread, 30 s calls
 *   npm run bench:caller -- --calls 2000 --threads 2  # two caller threads sharing the calls
 *   npm run bench:caller -- --calls 1000 --seconds 60
 *   npm run bench:caller -- --calls 100 --callers scripted,goal   # goal-driven (rules policy) vs scripted
 *
 * `--callers goal`: goal-driven callers (rules policy, side channel) against the sink's goal mode
 * (it says order-status questions on its side channel every 5 s, then "anything else?" and goodbye). The
 * table then adds the caller's CPU per call and per caller line, the numbers that tell what
 * deciding and speaking lines mid-call costs over a fixed script. Lines are synthesized by flite
 * on first use and read from recordings/.cache/tts after: run twice for the warm cost.
 */
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as hdr from 'hdr-histogram-js';
import { startTsWorker } from '../src/util/worker.ts';
import { runLoad, type GeneratorReport, type LoadOptions } from './load-generator.ts';
import { startSink } from './sink-process.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '100,500,1000,2000' },
    seconds: { type: 'string', default: '30' },
    threads: { type: 'string', default: '1' },
    'dial-rate': { type: 'string', default: '400' },
    callers: { type: 'string', default: 'scripted' },
  },
});
const kinds = values.callers.split(',').map((k) => k.trim());
for (const k of kinds)
  if (k !== 'scripted' && k !== 'goal')
    throw new Error(`--callers: "${k}" is not scripted or goal`);
const counts = values.calls.split(',').map(Number);
const seconds = Number(values.seconds);
const threads = Number(values.threads);
const ttsCacheDir = resolve('recordings/.cache/tts');

async function generate(opts: LoadOptions): Promise<GeneratorReport[]> {
  if (threads <= 1) return [await runLoad(opts)];
  return Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const share = Math.floor(opts.calls / threads) + (t < opts.calls % threads ? 1 : 0);
      const worker = startTsWorker(new URL('./load-generator-worker.ts', import.meta.url), {
        ...opts,
        calls: share,
        dialRatePerSec: opts.dialRatePerSec / threads,
      });
      return new Promise<GeneratorReport>((res, rej) => {
        worker.once('message', (r: GeneratorReport) => {
          void worker.terminate();
          res(r);
        });
        worker.once('error', rej);
      });
    }),
  );
}

const fmt = (x: number, d = 1): string => x.toFixed(d);
console.log(
  `caller load benchmark: ${seconds} s calls, ${threads} caller thread(s), sink agent in its own process, ${process.version}`,
);
console.log(
  `machine load (uptime): ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} on ${availableParallelism()} cores`,
);
console.log(
  'callers  | calls | lateness p50 / p99 / max (ms) | >5 ms late | loop delay p99 (ms) | caller CPU | CPU ms/call | lines/call | CPU ms/line | sink CPU | wall/audio | statuses',
);
for (const [kind, n] of kinds.flatMap((k) => counts.map((c) => [k, c] as const))) {
  const goal = kind === 'goal';
  const sink = await startSink(goal ? { goalReplies: Math.max(2, Math.round(seconds / 5)) } : {});
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const reports = await generate({
    url: sink.url,
    calls: n,
    seconds,
    dialRatePerSec: Number(values['dial-rate']),
    ttsCacheDir,
    goal,
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const sinkReport = await sink.report();
  sink.stop();
  const merged = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 2,
  });
  for (const r of reports) merged.add(hdr.decodeFromCompressedBase64(r.latenessHistogram));
  const frames = reports.reduce((a, r) => a + r.framesSent, 0);
  const late = reports.reduce((a, r) => a + r.framesLate5ms, 0);
  const lines = reports.reduce((a, r) => a + r.callerLines, 0);
  // Per call: the CPU from the first dial to the last hang-up (setup and synthesis before the
  // first call excluded); process-wide, so with several threads each report covers them all.
  const callsCpuMs = Math.max(...reports.map((r) => r.callsCpuMs));
  const statuses: Record<string, number> = {};
  for (const r of reports)
    for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  console.log(
    [
      kind.padEnd(8),
      String(n).padStart(5),
      `${fmt(merged.getValueAtPercentile(50) / 1000, 2)} / ${fmt(merged.getValueAtPercentile(99) / 1000, 2)} / ${fmt(merged.maxValue / 1000)}`.padStart(
        29,
      ),
      `${fmt((late / Math.max(1, frames)) * 100, 2)}%`.padStart(10),
      reports
        .map((r) => fmt(r.eventLoopDelayP99Ms))
        .join('+')
        .padStart(19),
      `${fmt(((cpu.user + cpu.system) / 1000 / wallMs) * 100, 0)}%`.padStart(10),
      fmt(callsCpuMs / n, 0).padStart(11),
      fmt(lines / n, 1).padStart(10),
      fmt(callsCpuMs / Math.max(1, lines), 1).padStart(11),
      `${fmt(sinkReport.cpuPercent, 0)}%`.padStart(8),
      reports
        .map((r) => fmt(r.medianWallPerAudio, 4))
        .join('+')
        .padStart(10),
      JSON.stringify(statuses),
    ].join(' | '),
  );
}
process.exit(0);
