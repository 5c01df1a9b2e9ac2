/**
 * A load run's report.html from a real short load run (real calls to a fixture agent on
 * 127.0.0.1, one scenario that passes and one whose 200 ms reply timeout fails it): the page
 * model the adapter builds agrees with summary.json, the page says it is sampled and has no
 * timelines, `callbench report` rebuilds the same files byte for byte, `--redact` masks digit
 * runs in reasons, `callbench merge` writes the page too, and a directory that is neither kind
 * exits 2 naming what is missing.
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTimedAgent, type TimedAgent } from '../../../test/fixtures/timed-agent.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from '../../../test/helpers.ts';
import { ExitCode } from '../../cli/exit-codes.ts';
import { fakeIo } from '../../cli/fake-io.ts';
import { runCli } from '../../cli/program.ts';
import type { LoadSummary } from '../load-types.ts';
import { readLoadPageModel } from '../../load/html-reporter.ts';

const scenario = (name: string, say: string): string => `name: ${name}
caller: { voice: kal, line_noise_dbfs: -60 }
reply: { end_silence_ms: 500 }
turns:
  - say: ${say}
  - hangup
`;

let kit: Kit;
let agent: TimedAgent;
let dir: string;
let out: string;
let loadCode: number;

beforeAll(async () => {
  kit = await makeKit();
  agent = await startTimedAgent({
    delivery: 'burst',
    replyDelayMs: 400,
    reply: await kit.speech('okay'),
  });
  dir = await mkdtemp(join(tmpdir(), 'callbench-load-report-'));
  await writeFile(join(dir, 'hello.yaml'), scenario('hello', '"hello there"'));
  await writeFile(
    join(dir, 'impatient.yaml'),
    scenario('impatient', '{ text: "hello", timeout_ms: 200 }'),
  );
  out = join(dir, 'out');
  const io = fakeIo();
  loadCode = await runCli(
    [
      'load',
      dir,
      '-a',
      agent.url,
      '--vus',
      '2',
      '--duration',
      '2s',
      '--seed',
      '3',
      '--stats-interval',
      '1s',
      '--tts-cache',
      TEST_TTS_CACHE,
      '-t',
      'turn_latency_ms=p(95)<5000',
      '-o',
      out,
    ],
    io,
  );
  expect(io.err).toBe('');
}, 60_000);
afterAll(async () => {
  await agent?.close();
  await kit?.close();
});

const summaryOf = async (d: string): Promise<LoadSummary> =>
  JSON.parse(await readFile(join(d, 'summary.json'), 'utf8')) as LoadSummary;

describe('report.html for load runs', () => {
  test('the adapter builds the page model from the load dir, agreeing with summary.json', async () => {
    expect(loadCode).toBe(ExitCode.Passed);
    const summary = await summaryOf(out);
    const model = await readLoadPageModel(out, { redact: false });
    expect(model.summary).toEqual(summary);
    expect(summary.calls.failed).toBeGreaterThan(0);
    expect(summary.calls.passed).toBeGreaterThan(0);
    expect(model.turnLatency.reduce((a, p) => a + p.count, 0)).toBe(
      summary.metrics.turn_latency_ms.count,
    );
    expect(model.load.timeline.length).toBeGreaterThan(0);
    const calls = model.calls;
    expect(calls?.total).toBe(
      summary.calls.passed + summary.calls.failed + summary.calls.error + summary.calls.aborted,
    );
    expect(calls?.failedTotal).toBe(
      summary.calls.failed + summary.calls.error + summary.calls.aborted,
    );
    expect(calls?.failed.every((c) => c.scenario === 'impatient' && c.reason !== '')).toBe(true);
    expect(calls?.scenarios.map((s) => s.scenario)).toEqual(['hello', 'impatient']);
  });

  test('callbench load writes the page: charts with percentile markers, sampled calls, no timelines', async () => {
    const html = await readFile(join(out, 'report.html'), 'utf8');
    const summary = await summaryOf(out);
    expect(html).toContain('<title>callbench load PASSED:');
    expect(html).toContain("content=\"default-src 'none'");
    for (const cls of [
      'latency-histogram',
      'latency-cdf',
      'load-over-time',
      'latency-over-time',
      'failures-over-time',
    ])
      expect(html).toContain(`class="chart ${cls}"`);
    expect(html.match(/class="percentile-marker"/g)).toHaveLength(8);
    expect(html).toContain(
      `p95 ${summary.metrics.turn_latency_ms.p95} ms`.replace(/(\d)(?=(\d{3})+(?!\d))/g, '$1,'),
    );
    expect(html).toMatch(/Summarized: all \d+ calls, failed first/);
    expect(html).toContain('No per-call timelines: a load run keeps no per-call events');
    expect(html).toContain('table class="failure-reasons"');
    expect(html).not.toMatch(/<script|(?:src|href)="https?:/);
  });

  test('callbench report rebuilds the same files from histograms.json and calls.csv', async () => {
    const files = ['report.html', 'summary.json', 'load.json', 'stats.csv'];
    const before = await Promise.all(files.map((f) => readFile(join(out, f), 'utf8')));
    await Promise.all(files.map((f) => rm(join(out, f))));
    const io = fakeIo();
    expect(await runCli(['report', out], io)).toBe(ExitCode.Passed);
    expect(io.err).toBe('');
    expect(io.out).toMatch(/a load run, \d+ call\(s\)\) from histograms\.json and calls\.csv/);
    expect(await Promise.all(files.map((f) => readFile(join(out, f), 'utf8')))).toEqual(before);
  });

  test('--redact masks digit runs in reasons on the page; calls.csv is left as it is', async () => {
    const copy = join(dir, 'redacted');
    expect(await runCli(['merge', out, '-o', copy], fakeIo())).toBe(ExitCode.Passed);
    expect(await readFile(join(copy, 'report.html'), 'utf8')).toContain('Summarized: all');
    await appendFile(
      join(copy, 'calls.csv'),
      'impatient,zz9,CA1,failed,card 4111 1111 1111 1111 declined\n',
    );
    const csv = await readFile(join(copy, 'calls.csv'), 'utf8');
    expect(await runCli(['report', copy, '--redact'], fakeIo())).toBe(ExitCode.Passed);
    const html = await readFile(join(copy, 'report.html'), 'utf8');
    expect(html).toContain('card [REDACTED] declined');
    expect(html).not.toContain('4111');
    expect(html).toContain('redacted: entity values and digit runs are masked');
    expect(await readFile(join(copy, 'calls.csv'), 'utf8')).toBe(csv);
  });

  test('a directory that is neither a run nor a load run exits 2, naming what is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'callbench-load-report-empty-'));
    const io = fakeIo();
    expect(await runCli(['report', empty], io)).toBe(ExitCode.InvalidInput);
    expect(io.err).toMatch(/events\.jsonl not found: .*callbench run --out DIR.*histograms\.json/);
    await writeFile(join(empty, 'summary.json'), JSON.stringify({ kind: 'load' }));
    const io2 = fakeIo();
    expect(await runCli(['report', empty], io2)).toBe(ExitCode.InvalidInput);
    expect(io2.err).toMatch(/histograms\.json not found: summary\.json says this is a load run/);
    await writeFile(join(empty, 'histograms.json'), '{"format": "other"}');
    const io3 = fakeIo();
    expect(await runCli(['report', empty], io3)).toBe(ExitCode.InvalidInput);
    expect(io3.err).toMatch(/histograms\.json: not a callbench load record/);
  });
});
