/**
 * Ctrl-C during `callbench load`, on the real binary in a child process: calls in flight are hung
 * up, every finished call is already in calls.csv, and summary.json, load.json, stats.csv and
 * histograms.json are written; exit code 130.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTimedAgent, type TimedAgent } from '../../test/fixtures/timed-agent.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from '../../test/helpers.ts';
import { ExitCode } from './exit-codes.ts';

let kit: Kit;
let agent: TimedAgent;
let dir: string;

beforeAll(async () => {
  kit = await makeKit();
  agent = await startTimedAgent({
    delivery: 'burst',
    replyDelayMs: 300,
    reply: await kit.speech('okay'),
  });
  dir = await mkdtemp(join(tmpdir(), 'callbench-load-int-'));
  // A quick call, and one that keeps talking for a long time (it is in flight at Ctrl-C).
  await writeFile(
    join(dir, 'quick.yaml'),
    'name: quick\ncaller: { voice: kal, line_noise_dbfs: -60 }\nreply: { end_silence_ms: 400 }\nturns:\n  - say: "hello"\n  - hangup\n',
  );
  await writeFile(
    join(dir, 'long.yaml'),
    'name: long\ncaller: { voice: kal, line_noise_dbfs: -60 }\nturns:\n  - silence: 60000\n  - hangup\n',
  );
});
afterAll(async () => {
  await agent?.close();
  await kit?.close();
});

describe('callbench load interrupted', () => {
  test('Ctrl-C hangs up calls in flight and writes what was done (exit 130)', async () => {
    const out = join(dir, 'out');
    const args = [
      'bin/callbench.js',
      'load',
      '--mix',
      `${join(dir, 'quick.yaml')}=1,${join(dir, 'long.yaml')}=1`,
      '--agent',
      agent.url,
      '--vus',
      '4',
      '--duration',
      '5m',
      '--seed',
      '3',
      '--out',
      out,
      '--tts-cache',
      TEST_TTS_CACHE,
      '--plain',
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const startedAt = Date.now();
    const calls = (): Promise<string[]> =>
      readFile(join(out, 'calls.csv'), 'utf8').then(
        (t) => t.trim().split('\n').slice(1),
        () => [],
      );
    child.stdout.on('data', (d) => (stdout += String(d)));
    // Interrupt once some quick calls have ended (their rows are on disk) while long ones run.
    for (
      let i = 0;
      i < 200 && (await calls()).filter((l) => l.startsWith('quick,')).length < 2;
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    const rowsBefore = await calls();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).toMatch(/interrupted — hanging up calls/);
    expect(code).toBe(ExitCode.Interrupted);
    expect(Date.now() - startedAt).toBeLessThan(60_000);
    expect(rowsBefore.length).toBeGreaterThanOrEqual(2);

    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.interrupted).toBe(true);
    expect(summary.calls.aborted).toBeGreaterThanOrEqual(1);
    const rows = await calls();
    expect(rows.length).toBe(summary.calls.started);
    expect(rows.filter((l) => l.includes(',aborted,')).length).toBe(summary.calls.aborted);
    expect(summary.calls.passed + summary.calls.aborted).toBe(summary.calls.started);
    expect(JSON.parse(await readFile(join(out, 'load.json'), 'utf8')).executor).toBe(
      'constant-vus',
    );
    expect(
      (await readFile(join(out, 'stats.csv'), 'utf8')).trim().split('\n').length,
    ).toBeGreaterThanOrEqual(2);
    expect(stdout).toMatch(/INTERRUPTED/);
  }, 90_000);
});
