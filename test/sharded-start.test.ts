/**
 * Sharded load tests that line up (issue #17): two shards run as separate processes, launched 3 s
 * apart with the same --start-at, start their plans together; merged, their intervals hold the
 * same number of active calls as one unsharded run of the same plan (within one call). The
 * unsharded run goes at the same moment, against the same silent agent on 127.0.0.1. The plan is
 * 6 VUs for 2 s, each call a 5 s silence (no speech to synthesize): every VU makes one call from
 * the start, so each interval has a known number of calls, and shards that did not start together
 * (3 s apart) would show half of them in the first intervals.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ExitCode } from '../src/cli/exit-codes.ts';
import { fakeIo } from '../src/cli/fake-io.ts';
import { runCli } from '../src/cli/program.ts';
import { readLoadRecord } from '../src/load/load-record.ts';
import { mergeTimelines } from '../src/load/merge-alignment.ts';
import { startFixtureServer, type FixtureServer } from './fixtures/fixture-server.ts';

const REPO = resolve(import.meta.dirname, '..');
const LAUNCH_GAP_MS = 3000;
/** Time for a process to start and prepare on a loaded 2-core machine, after the last launch. */
const READY_MARGIN_MS = 20_000;
const PROCESS_TIMEOUT_MS = 60_000;

let agent: FixtureServer;
let dir: string;

beforeAll(async () => {
  agent = await startFixtureServer({});
  dir = await mkdtemp(join(tmpdir(), 'callbench-sharded-start-'));
  await writeFile(
    join(dir, 'quiet.yaml'),
    'name: quiet\ncaller: { line_noise_dbfs: -60 }\nturns:\n  - silence: 5000\n  - hangup\n',
  );
});
afterAll(async () => {
  await agent?.close();
});

interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `callbench …` as its own process; bounded: killed (this child only) after PROCESS_TIMEOUT_MS. */
function callbench(args: string[]): Promise<Exited> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(REPO, 'bin/callbench.js'), ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), PROCESS_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** A run's calls, in seconds since `zeroMs` on the wall clock (calls.csv counts from the run's origin). */
async function callRows(
  dir: string,
  zeroMs: number,
): Promise<{ startedSec: number; endedSec: number }[]> {
  const record = await readLoadRecord(dir);
  const shift = (Date.parse(record.startAt ?? record.startedAt) - zeroMs) / 1000;
  const [header, ...rows] = (await readFile(join(dir, 'calls.csv'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const started = header.indexOf('started_s');
  const ended = header.indexOf('ended_s');
  return rows.map((r) => ({
    startedSec: Number(r[started]) + shift,
    endedSec: Number(r[ended]) + shift,
  }));
}

/** For each second from `zeroMs`, how many of the runs' calls were active at some moment in it. */
async function activePerSecond(dirs: string[], zeroMs: number, seconds: number): Promise<number[]> {
  const calls = (await Promise.all(dirs.map((d) => callRows(d, zeroMs)))).flat();
  return Array.from(
    { length: seconds },
    (_, i) => calls.filter((c) => c.startedSec < i + 1 && c.endedSec > i).length,
  );
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function loadArgs(out: string, startAt: string, extra: string[]): string[] {
  return [
    'load',
    join(dir, 'quiet.yaml'),
    '-a',
    agent.url,
    '--vus',
    '6',
    '--duration',
    '2s',
    '--seed',
    '3',
    '--stats-interval',
    '1s',
    '--graceful-stop',
    '10s',
    '--start-at',
    startAt,
    '-o',
    out,
    '--plain',
    ...extra,
  ];
}

describe('callbench load --start-at across processes', () => {
  test('two shards launched 3 s apart start together, and merged they match one unsharded run interval by interval', async () => {
    const startAt = new Date(Date.now() + LAUNCH_GAP_MS + READY_MARGIN_MS).toISOString();
    const whole = callbench(loadArgs(join(dir, 'whole'), startAt, []));
    const first = callbench(loadArgs(join(dir, 's1'), startAt, ['--shard', '1/2']));
    await delay(LAUNCH_GAP_MS);
    const second = callbench(loadArgs(join(dir, 's2'), startAt, ['--shard', '2/2']));
    const runs = await Promise.all([whole, first, second]);
    for (const r of runs) expect(r.code, r.stderr + r.stdout).toBe(ExitCode.Passed);
    expect(runs[2].stdout).toMatch(/shard 2\/2 ready: waiting \d+\.\d s for --start-at/);

    const io = fakeIo();
    const merged = join(dir, 'merged');
    expect(
      await runCli(['merge', join(dir, 's1'), join(dir, 's2'), '-o', merged], io),
      io.err,
    ).toBe(ExitCode.Passed);
    expect(io.out).toMatch(/shard starts: spread \d+ ms \(--start-at /);

    const m = await readLoadRecord(merged);
    const w = await readLoadRecord(join(dir, 'whole'));
    // Launched 3 s apart, the shards' plans started within a fraction of a second of each other.
    expect(m.shardStarts?.spreadMs).toBeLessThan(500);
    for (const s of m.shardStarts?.starts ?? []) expect(s.lateByMs).toBeGreaterThanOrEqual(0);
    expect(m.total.counts.started).toBe(w.total.counts.started);

    // Compared while the calls run: from the start to the first call's end in either run. (How long
    // a call takes to connect and hang up varies by several 100 ms on a loaded machine, so the
    // seconds in which calls end differ between runs; what must line up is when they run.)
    const zero = Date.parse(startAt);
    const shards = [join(dir, 's1'), join(dir, 's2')];
    const ends = (await Promise.all([...shards, join(dir, 'whole')].map((d) => callRows(d, zero))))
      .flat()
      .map((c) => c.endedSec);
    const comparedSec = Math.floor(Math.min(...ends));
    expect(comparedSec).toBeGreaterThanOrEqual(4);

    // Calls active at some moment of each 1 s interval of the test, on the wall clock.
    const mergedActive = await activePerSecond(shards, zero, comparedSec);
    const wholeActive = await activePerSecond([join(dir, 'whole')], zero, comparedSec);
    // Compared from second 1, where the unsharded run has all 6 calls up (on a loaded machine call
    // setups slip by up to a second, in any of the runs). Shards 3 s apart would show 3 there.
    const plateau = wholeActive.map((n, i) => i).filter((i) => i >= 1 && wholeActive[i] === 6);
    expect(plateau.length, JSON.stringify(wholeActive)).toBeGreaterThanOrEqual(3);
    for (const i of plateau)
      expect(
        Math.abs(mergedActive[i] - wholeActive[i]),
        `second ${i}: merged ${mergedActive[i]} active, unsharded ${wholeActive[i]}`,
      ).toBeLessThanOrEqual(1);

    // The merged timeline (intervals aligned by wall clock) against the unsharded run's on the same
    // grid: active calls at each interval's end, where the unsharded run had all 6 up. (A loaded
    // machine may delay a sampler tick past a whole interval: compared where both have one.)
    const reference = new Map(mergeTimelines([w]).map((e) => [e.tSec, e]));
    const common = m.timeline.filter(
      (e) => e.tSec >= 2 && e.tSec <= comparedSec && reference.get(e.tSec)?.activeCalls === 6,
    );
    expect(common.length).toBeGreaterThanOrEqual(2);
    for (const e of common) {
      const r = reference.get(e.tSec);
      expect(
        Math.abs(e.activeCalls - (r?.activeCalls ?? NaN)),
        `interval ending ${e.tSec} s: merged ${e.activeCalls} active, unsharded ${r?.activeCalls}`,
      ).toBeLessThanOrEqual(1);
    }
  }, 90_000);

  test('a shard ready after --start-at fails with a clear error (exit 2, nothing dialed); --late-start ok starts at once', async () => {
    const past = new Date(Date.now() - 5000).toISOString();
    const io = fakeIo();
    expect(await runCli(loadArgs(join(dir, 'late'), past, ['--shard', '2/2']), io)).toBe(
      ExitCode.InvalidInput,
    );
    expect(io.err).toMatch(
      /shard 2\/2 was ready \d+\.\d s after --start-at .*: its calls would not line up with the other shards' .*--late-start ok/,
    );

    const ok = fakeIo();
    const args = loadArgs(join(dir, 'late-ok'), past, ['--shard', '2/2', '--late-start', 'ok']).map(
      (a) => (a === '6' ? '2' : a),
    );
    expect(await runCli(args, ok), ok.err).toBe(ExitCode.Passed);
    expect(ok.out).toMatch(/starting at once \(--late-start ok\)/);
    const record = await readLoadRecord(join(dir, 'late-ok'));
    expect(record.startAt).toBe(past);
    expect(Date.parse(record.startedAt) - Date.parse(past)).toBeGreaterThan(5000);
  }, 60_000);
});
