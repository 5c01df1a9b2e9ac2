/** `callbench run --matrix` end to end against a known-delay agent on 127.0.0.1. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTimedAgent, type TimedAgent } from '../../test/fixtures/timed-agent.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from '../../test/helpers.ts';
import { ExitCode } from './exit-codes.ts';
import { fakeIo } from './fake-io.ts';
import { runCli } from './program.ts';

let kit: Kit;
let agent: TimedAgent;
let dir: string;

beforeAll(async () => {
  kit = await makeKit();
  agent = await startTimedAgent({
    delivery: 'burst',
    replyDelayMs: 400,
    reply: await kit.speech('okay'),
  });
  dir = await mkdtemp(join(tmpdir(), 'callbench-matrix-'));
  await writeFile(
    join(dir, 'hello.yaml'),
    'name: hello\nreply: { end_silence_ms: 500 }\nturns:\n  - say: "hello there"\n  - hangup\n',
  );
});
afterAll(async () => {
  await agent?.close();
  await kit?.close();
});

describe('callbench run --matrix', () => {
  test('runs every scenario under every condition and reports each: console, matrix.csv, report.html', async () => {
    const out = join(dir, 'out');
    const io = fakeIo();
    const code = await runCli(
      [
        'run',
        join(dir, 'hello.yaml'),
        '--agent',
        agent.url,
        '--out',
        out,
        '--tts-cache',
        TEST_TTS_CACHE,
        '-c',
        '2',
        '--matrix',
        'line.noise=off,white:-55',
        '--matrix',
        'voice=flite:kal,flite:slt',
        '-t',
        'turn_latency_ms{line.noise=white:-55}=p(95)<5000',
      ],
      io,
    );
    expect(io.err).toBe('');
    expect(code, io.out).toBe(ExitCode.Passed);
    expect(io.out).toMatch(/robustness matrix \(line\.noise × voice\)/);
    expect(io.out).toMatch(/line\.noise=white:-55,voice=flite:slt +1 +100% /);
    expect(io.out).toMatch(/✓ turn_latency_ms\{line\.noise=white:-55\}: p\(95\)<5000/);
    const csv = (await readFile(join(out, 'matrix.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe(
      'line.noise,voice,calls,pass_rate,completion_rate,entity_exact_rate,turn_latency_p50_ms,turn_latency_p95_ms',
    );
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      'off,flite:kal,1,1',
      'off,flite:slt,1,1',
      'white:-55,flite:kal,1,1',
      'white:-55,flite:slt,1,1',
    ]);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<section id="matrix">');
    expect(html).toMatch(/<th>line\.noise \\ voice<\/th><th>flite:kal<\/th><th>flite:slt<\/th>/);
  }, 120_000);

  test('a bad matrix dials nobody', async () => {
    const io = fakeIo();
    const code = await runCli(
      [
        'run',
        join(dir, 'hello.yaml'),
        '--agent',
        agent.url,
        '--out',
        join(dir, 'bad'),
        '--matrix',
        'line.noise=rain:-3',
      ],
      io,
    );
    expect(code).toBe(ExitCode.InvalidInput);
    expect(io.err).toMatch(/unknown noise kind "rain"/);
  });
});
