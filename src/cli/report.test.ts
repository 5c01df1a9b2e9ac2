/**
 * `callbench report`: a real run against a fixture agent on 127.0.0.1, its reports deleted and
 * rebuilt from the run directory — byte for byte the same files — plus redaction, recordings and
 * bad input.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WaveFile } from 'wavefile';
import { startTimedAgent, type TimedAgent } from '../../test/fixtures/timed-agent.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from '../../test/helpers.ts';
import { ExitCode } from './exit-codes.ts';
import { fakeIo } from './fake-io.ts';
import { runCli } from './program.ts';

const ANSWERED = `name: order-status
caller: { voice: kal, line_noise_dbfs: -60 }
reply: { end_silence_ms: 600 }
turns:
  - say: { text: "my order is A B 3 7 9 2", entities: { order_id: AB3792 } }
  - say: "my card is 4111 1111 1111 1111"
  - hangup
`;
// The agent replies after 600 ms: a 300 ms reply timeout fails this call.
const IMPATIENT = `name: impatient-caller
caller: { voice: kal, line_noise_dbfs: -60 }
turns:
  - say: { text: "hello", timeout_ms: 300 }
`;

const REPORTS = [
  'summary.json',
  'calls.csv',
  'turns.csv',
  'entities.csv',
  'junit.xml',
  'report.html',
];

let kit: Kit;
let agent: TimedAgent;
let dir: string;
/**
 * The three runs the tests read, started together once the agent is up: their calls are
 * real-time, so the file waits for the longest run rather than for the sum. Each writes its own
 * directory; the tests then rebuild and compare reports one after another.
 */
let runs: { all: Promise<ExitCode>; failedOnly: Promise<ExitCode>; redacted: Promise<ExitCode> };

beforeAll(async () => {
  kit = await makeKit();
  agent = await startTimedAgent({
    delivery: 'burst',
    replyDelayMs: 600,
    reply: await kit.speech('okay'),
  });
  dir = await mkdtemp(join(tmpdir(), 'callbench-report-'));
  await writeFile(join(dir, 'answered.yaml'), ANSWERED);
  await writeFile(join(dir, 'impatient.yaml'), IMPATIENT);
  runs = {
    all: run(join(dir, 'out'), '--record', 'all'),
    failedOnly: run(join(dir, 'out-default')),
    redacted: run(join(dir, 'out-redacted'), '--redact'),
  };
  for (const r of Object.values(runs)) r.catch(() => {}); // reported by the test that awaits it
});
afterAll(async () => {
  await agent?.close();
  await kit?.close();
});

async function run(out: string, ...extra: string[]): Promise<ExitCode> {
  const io = fakeIo(undefined, dir);
  const code = await runCli(
    [
      'run',
      join(dir, 'answered.yaml'),
      join(dir, 'impatient.yaml'),
      '--agent',
      agent.url,
      '--out',
      out,
      '--tts-cache',
      TEST_TTS_CACHE,
      '-t',
      'turn_latency_ms=p(95)<5000',
      ...extra,
    ],
    io,
  );
  expect(io.err).toBe('');
  return code;
}

async function readReports(out: string): Promise<Record<string, string>> {
  return Object.fromEntries(
    await Promise.all(REPORTS.map(async (f) => [f, await readFile(join(out, f), 'utf8')] as const)),
  );
}

describe('callbench report', () => {
  test('rebuilds every report from the run directory, identical to what the run wrote', async () => {
    const out = join(dir, 'out');
    expect(await runs.all).toBe(ExitCode.Failed);
    const written = await readReports(out);
    expect(written['report.html']).toContain('<svg');
    expect(written['entities.csv']).toMatch(
      /order-status,call-000\d,1,order_id,code,AB3792,,false,1,none/,
    );

    for (const f of REPORTS) await rm(join(out, f));
    const io = fakeIo(undefined, join(dir, 'elsewhere'));
    expect(await runCli(['report', out], io)).toBe(ExitCode.Failed);
    expect(io.err).toBe('');
    expect(io.out).toMatch(/rebuilt .* from 2 call\(s\)/);
    expect(await readReports(out)).toEqual(written);
  }, 60_000);

  test('--record all writes a stereo 8 kHz WAV per call; the default records only failed calls', async () => {
    const all = join(dir, 'out');
    await runs.all;
    expect((await readdir(join(all, 'recordings'))).sort()).toEqual([
      'call-0001.wav',
      'call-0002.wav',
    ]);
    const wav = new WaveFile(await readFile(join(all, 'recordings', 'call-0001.wav')));
    expect(wav.fmt).toMatchObject({ numChannels: 2, sampleRate: 8000, bitsPerSample: 16 });
    const html = await readFile(join(all, 'report.html'), 'utf8');
    expect(html).toContain('<audio controls preload="none" src="recordings/call-0001.wav">');

    const failedOnly = join(dir, 'out-default');
    await runs.failedOnly;
    const failedCall = (await readFile(join(failedOnly, 'calls.csv'), 'utf8'))
      .split('\n')
      .find((l) => l.includes(',failed,'))
      ?.split(',')[1];
    expect(await readdir(join(failedOnly, 'recordings'))).toEqual([`${failedCall}.wav`]);
  }, 60_000);

  test('--redact masks entity values and digit runs in every report, on run and on report', async () => {
    const plainOut = join(dir, 'out');
    expect(await readFile(join(plainOut, 'report.html'), 'utf8')).toContain('<code>AB3792</code>');
    const io = fakeIo(undefined, dir);
    expect(await runCli(['report', plainOut, '--redact'], io)).toBe(ExitCode.Failed);
    const rebuilt = await readReports(plainOut);
    for (const [file, text] of Object.entries(rebuilt)) {
      expect(text, file).not.toContain('AB3792');
    }
    expect(rebuilt['entities.csv']).toContain('[REDACTED]');
    expect(rebuilt['report.html']).toContain('redacted: entity values and digit runs are masked');

    const redactedRun = join(dir, 'out-redacted');
    await runs.redacted;
    for (const f of [...REPORTS, 'events.jsonl', 'calls.jsonl'])
      expect(await readFile(join(redactedRun, f), 'utf8'), f).not.toContain('AB3792');
  }, 60_000);

  test('run --record takes failed, all or none', async () => {
    const io = fakeIo(undefined, dir);
    expect(
      await runCli(
        ['run', join(dir, 'answered.yaml'), '--agent', agent.url, '--record', 'sometimes'],
        io,
      ),
    ).toBe(ExitCode.InvalidInput);
    expect(io.err).toMatch(
      /--record <calls>' argument 'sometimes' is invalid. Allowed choices are failed, all, none/,
    );
  });

  test('exits 2 with a clear message for a directory without events.jsonl, or a broken one', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'callbench-report-empty-'));
    const io = fakeIo();
    expect(await runCli(['report', empty], io)).toBe(ExitCode.InvalidInput);
    expect(io.err).toMatch(
      /events\.jsonl not found: give the directory a run wrote its reports to/,
    );
    await writeFile(
      join(empty, 'events.jsonl'),
      '{"call_id":"c1","scenario":"s","t_ms":0,"type":"call_started"}\nnot json\n',
    );
    const io2 = fakeIo();
    expect(await runCli(['report', empty], io2)).toBe(ExitCode.InvalidInput);
    expect(io2.err).toMatch(/events\.jsonl:2: not JSON/);
    await writeFile(join(empty, 'events.jsonl'), '');
    await writeFile(join(empty, 'load.json'), '{"executor": 3}');
    const io3 = fakeIo();
    expect(await runCli(['report', empty], io3)).toBe(ExitCode.InvalidInput);
    expect(io3.err).toMatch(/load\.json is not load report data/);
  });
});
