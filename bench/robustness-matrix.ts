/**
 * The reference agent's own robustness matrix (voices × background noise), regenerated into the
 * README between the `robustness-matrix` markers.
 *
 *   npm run bench:matrix                               # 2 scenarios × 2 voices × 3 noises, one call at a time (the embedded agent is CPU-bound)
 *   npm run bench:matrix -- --voices flite:slt,flite:kal --noise off,cafe:10dB --concurrency 1
 *   npm run bench:matrix -- --no-readme                # print only
 *
 * It runs `runSuite` exactly as `callbench run --matrix` does, against the embedded reference
 * agent on 127.0.0.1, and prints the matrix table (pass rate, completion, entity exact rate,
 * turn latency p50/p95 per condition) with the machine's load, since latency depends on it.
 */
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveAgentConfig } from '../agent/config.ts';
import { startReferenceAgent } from '../agent/start.ts';
import { runSuite } from '../src/api.ts';
import { parseMatrixOption } from '../src/matrix/axes.ts';
import { summarizeMatrix, type Matrix } from '../src/matrix/summary.ts';

const { values } = parseArgs({
  options: {
    scenarios: {
      type: 'string',
      default: 'scenarios/orders/status-nato.yaml,scenarios/benefits/ask-for-human.yaml',
    },
    voices: { type: 'string', default: 'flite:slt,flite:kal' },
    noise: { type: 'string', default: 'off,babble:-35,cafe:10dB' },
    concurrency: { type: 'string', default: '1' },
    'no-readme': { type: 'boolean', default: false },
  },
});

const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)}%`);

function markdown(m: Matrix, note: string): string {
  const rows = m.rows.map(
    (r) =>
      `| ${r.values.voice} | ${r.values['line.noise']} | ${r.calls} | ${pct(r.passRate)} | ${pct(r.completionRate)} | ${pct(r.entityExactRate)} | ${r.latencyP50Ms ?? '–'} | ${r.latencyP95Ms ?? '–'} |`,
  );
  return [
    '| voice | background noise | calls | pass | complete | entity exact | latency p50 ms | p95 ms |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    note,
  ].join('\n');
}

const axes = [
  parseMatrixOption(`voice=${values.voices}`),
  parseMatrixOption(`line.noise=${values.noise}`),
];
const paths = values.scenarios.split(',').map((p) => resolve(p));
const loadBefore = loadavg()[0];
const agent = await startReferenceAgent(
  resolveAgentConfig({ port: 0, today: '2026-11-10' }, {}),
  {},
);
const started = performance.now();
let matrix: Matrix | null = null;
try {
  const outcome = await runSuite({
    paths,
    agentUrl: agent.mediaUrl,
    outDir: await mkdtemp(join(tmpdir(), 'callbench-bench-matrix-')),
    concurrency: Number(values.concurrency),
    matrix: axes,
    record: 'none',
  });
  if (outcome.kind !== 'completed') throw new Error(outcome.errors.join('\n'));
  matrix = summarizeMatrix(outcome.calls);
} finally {
  await agent.close();
}
if (!matrix) throw new Error('no matrix calls ran');
const seconds = (performance.now() - started) / 1000;
const note = `${paths.length} scenarios (${values.scenarios}) × ${matrix.rows.length} conditions, ${values.concurrency} calls at a time, ${seconds.toFixed(0)} s on ${cpus().length} cores (load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}); \`npm run bench:matrix\`, ${new Date().toISOString().slice(0, 10)}.`;
// On a saturated machine the recognizer falls behind real time: say so next to the numbers.
const saturated = Math.max(loadBefore, loadavg()[0]) > cpus().length;
const warning = saturated
  ? `\n\n**The machine was saturated (load average above its ${cpus().length} cores): failures and latencies here reflect CPU starvation of the agent's recognizer as much as the line conditions. Regenerate on a quiet machine.**`
  : '';
const table = markdown(matrix, note + warning);
process.stdout.write(`${table}\n`);
if (!values['no-readme']) {
  const readmePath = resolve('README.md');
  const readme = await readFile(readmePath, 'utf8');
  const start = '<!-- robustness-matrix:start -->';
  const end = '<!-- robustness-matrix:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} section to update`);
  await writeFile(readmePath, `${readme.slice(0, a + start.length)}\n${table}\n${readme.slice(b)}`);
  process.stdout.write('README.md updated\n');
}
