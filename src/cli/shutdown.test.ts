/**
 * Shutdown with a deadline: the first signal aborts and exits when the deadline passes whatever
 * is stuck; a second exits at once; the exit code is the signal's (130 SIGINT, 143 SIGTERM).
 * The stuck run is real: `callbench run` whose --out directory's mkdir never returns.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startFixtureServer } from '../../test/fixtures/fixture-server.ts';
import { TEST_TTS_CACHE } from '../../test/helpers.ts';
import { realOutDirFs, type OutDirFs } from '../util/out-dir-check.ts';
import { ExitCode } from './exit-codes.ts';
import { fakeIo } from './fake-io.ts';
import { runCli } from './program.ts';
import { Shutdown } from './shutdown.ts';

function harness(graceMs = 5000) {
  const controller = new AbortController();
  const exits: number[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  let written = '';
  const shutdown = new Shutdown({
    abort: () => controller.abort(),
    exit: (code) => void exits.push(code),
    write: (t) => void (written += t),
    graceMs,
    startTimer: (fn, ms) => void timers.push({ fn, ms }),
  });
  return { controller, exits, timers, shutdown, written: () => written };
}

describe('Shutdown', () => {
  test('the first signal aborts and arms the deadline; when it passes, the process exits with the signal code', () => {
    const h = harness(4000);
    h.shutdown.onSignal('SIGTERM');
    expect(h.controller.signal.aborted).toBe(true);
    expect(h.exits).toEqual([]);
    expect(h.timers.map((t) => t.ms)).toEqual([4000]);
    expect(h.written()).toMatch(
      /terminated — hanging up calls and writing what was done \(at most 4 s/,
    );
    h.timers[0].fn();
    expect(h.exits).toEqual([ExitCode.Terminated]);
    expect(h.written()).toMatch(/still not done 4 s after the SIGTERM; exiting/);
  });

  test('a second signal exits at once', () => {
    const h = harness();
    h.shutdown.onSignal('SIGINT');
    h.shutdown.onSignal('SIGINT');
    expect(h.exits).toEqual([ExitCode.Interrupted]);
  });

  test('a run that finished in time exits with its signal code (130 for SIGINT, 143 for SIGTERM); other codes pass through', () => {
    const h = harness();
    expect(h.shutdown.finalCode(ExitCode.Passed)).toBe(ExitCode.Passed);
    h.shutdown.onSignal('SIGTERM');
    expect(h.shutdown.finalCode(ExitCode.Interrupted)).toBe(143);
    expect(h.shutdown.finalCode(ExitCode.InvalidInput)).toBe(ExitCode.InvalidInput);
    const i = harness();
    i.shutdown.onSignal('SIGINT');
    expect(i.shutdown.finalCode(ExitCode.Interrupted)).toBe(130);
  });

  test('a run stuck creating its --out (mkdir never returns) still ends within the deadline after SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-stuck-'));
    await writeFile(join(dir, 's.yaml'), 'name: s\nturns:\n  - say: "hi"\n');
    let release: (err: Error) => void = () => {};
    let mkdirCalled: () => void = () => {};
    const mkdirReached = new Promise<void>((r) => (mkdirCalled = r));
    const hungFs: OutDirFs = {
      ...realOutDirFs,
      mkdir: () => {
        mkdirCalled();
        return new Promise<void>((_, reject) => (release = reject));
      },
    };
    const h = harness(200);
    let exited: (code: number) => void = () => {};
    const exitedWith = new Promise<number>((r) => (exited = r));
    const shutdown = new Shutdown({
      abort: () => h.controller.abort(),
      exit: (c) => exited(c),
      write: () => {},
      graceMs: 200,
    });
    const io = { ...fakeIo(h.controller.signal), outDirFs: hungFs };
    let settled = false;
    const run = runCli(
      [
        'run',
        join(dir, 's.yaml'),
        '-a',
        'ws://127.0.0.1:9/media',
        '--out',
        join(dir, 'never', 'out'),
      ],
      io,
    ).then((c) => ((settled = true), c));
    await mkdirReached;
    shutdown.onSignal('SIGTERM');
    expect(await exitedWith).toBe(ExitCode.Terminated);
    expect(settled).toBe(false); // the run itself was still stuck: only the deadline ended it
    release(Object.assign(new Error('released by the test'), { code: 'EIO' }));
    expect(await run).toBe(ExitCode.InvalidInput);
  });

  test('the real binary: SIGTERM during a call hangs up, writes the summary and exits 143', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-sigterm-'));
    await writeFile(
      join(dir, 'long.yaml'),
      'name: long\ncaller: { voice: kal }\nturns:\n  - silence: 60000\n',
    );
    const agent = await startFixtureServer({});
    try {
      const out = join(dir, 'out');
      const child = spawn(
        process.execPath,
        [
          'bin/callbench.js',
          'run',
          join(dir, 'long.yaml'),
          '--agent',
          agent.url,
          '--out',
          out,
          '--tts-cache',
          TEST_TTS_CACHE,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d) => void (stderr += String(d)));
      child.stdout.on('data', (d) => {
        stdout += String(d);
        if (stdout.includes('callbench: 1 call(s)')) setTimeout(() => child.kill('SIGTERM'), 500);
      });
      const code = await new Promise<number | null>((resolve) =>
        child.on('exit', (c) => resolve(c)),
      );
      expect(code).toBe(ExitCode.Terminated);
      expect(stderr).toMatch(/terminated — hanging up calls/);
      const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
      expect(summary).toMatchObject({ interrupted: true, calls: { total: 1, aborted: 1 } });
    } finally {
      await agent.close();
    }
  }, 60_000);
});
