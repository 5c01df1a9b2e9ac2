/**
 * A full disk loses nothing that was written and says what it could not write. Runs on a real
 * 200 KB tmpfs, so it needs root (to mount); elsewhere it is skipped and says why.
 *
 * - results before recordings: a call's events and rows are on disk before its recording, and a
 *   recording that does not fit is dropped (no partial WAV), the run saying so;
 * - atomic report files: rebuilding reports on a disk that has filled up leaves every existing
 *   report exactly as it was (never 0 bytes or cut short), and the last line names what was not
 *   written.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ExitCode } from '../src/cli/exit-codes.ts';
import { fakeIo } from '../src/cli/fake-io.ts';
import { runCli } from '../src/cli/program.ts';
import { startTimedAgent, type TimedAgent } from './fixtures/timed-agent.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from './helpers.ts';

const SCENARIO = `name: two-turns
caller: { voice: kal, line_noise_dbfs: -60 }
reply: { end_silence_ms: 600 }
turns:
  - say: "hello there"
  - say: "thank you"
  - hangup
`;

/** Mounts a 200 KB tmpfs, or says why it cannot. */
function mountSmallDisk(dir: string): string | null {
  if (process.getuid?.() !== 0) return 'needs root to mount a small tmpfs';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `cannot mount a tmpfs here: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
}

const base = await mkdtemp(join(tmpdir(), 'callbench-full-disk-'));
const disk = join(base, 'disk');
await import('node:fs/promises').then((fs) => fs.mkdir(disk));
const skipReason = mountSmallDisk(disk);

/** Fills the disk so that about `leaveBytes` stay free. */
async function fillDisk(leaveBytes: number): Promise<void> {
  for (const f of await readdir(disk)) if (f.startsWith('filler-')) await rm(join(disk, f));
  const s = await statfs(disk);
  const free = s.bavail * s.bsize;
  if (free > leaveBytes)
    await writeFile(join(disk, `filler-${Date.now()}`), Buffer.alloc(free - leaveBytes));
}

describe.skipIf(skipReason !== null)(
  `a full disk${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let kit: Kit;
    let agent: TimedAgent;
    let scenarios: string;
    beforeAll(async () => {
      kit = await makeKit();
      agent = await startTimedAgent({
        delivery: 'burst',
        replyDelayMs: 400,
        reply: await kit.speech('okay'),
      });
      scenarios = join(base, 'two-turns.yaml');
      await writeFile(scenarios, SCENARIO);
    });
    afterAll(async () => {
      await agent?.close();
      await kit?.close();
      if (skipReason === null) execFileSync('umount', [disk]);
      await rm(base, { recursive: true, force: true });
    });

    test('results are written before recordings; a recording that does not fit is dropped and reported', async () => {
      // Room for the results (a few tens of KB) but not for a ~150 KB stereo recording.
      await fillDisk(100_000);
      const out = join(disk, 'run1');
      const io = fakeIo();
      const code = await runCli(
        [
          'run',
          scenarios,
          '-a',
          agent.url,
          '--out',
          out,
          '--record',
          'all',
          '--tts-cache',
          TEST_TTS_CACHE,
        ],
        io,
      );
      expect(io.err).toMatch(
        /recording recordings\/call-0001\.wav could not be written and was dropped: ENOSPC/,
      );
      expect(code).toBe(ExitCode.Passed); // the verdict stands; only the recording is missing
      expect(io.out).toMatch(/reports: .*recordings\/ \(1 dropped\)\)\n$/);
      const files = await readdir(out);
      for (const f of [
        'events.jsonl',
        'calls.jsonl',
        'calls.csv',
        'summary.json',
        'junit.xml',
        'report.html',
        'run.json',
      ]) {
        expect(files).toContain(f);
        expect((await readFile(join(out, f))).length, f).toBeGreaterThan(0);
      }
      expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')).calls).toMatchObject({
        total: 1,
        passed: 1,
      });
      expect(await readdir(join(out, 'recordings')).catch(() => [])).toEqual([]); // no truncated WAV
      expect(files.filter((f) => f.startsWith('.callbench-tmp-'))).toEqual([]);
    }, 30_000);

    test('reports rewritten on a full disk: the old files stay whole, and the last line names what was not written', async () => {
      const out = join(disk, 'run1');
      const before = new Map<string, Buffer>();
      for (const f of ['summary.json', 'junit.xml', 'report.html', 'calls.csv'])
        before.set(f, await readFile(join(out, f)));
      await fillDisk(0);
      const io = fakeIo();
      const code = await runCli(['report', out], io);
      expect(code).toBe(ExitCode.HarnessError);
      expect(io.err).toMatch(/ENOSPC/);
      expect(io.out).toMatch(/NOT written/);
      for (const [f, bytes] of before)
        expect((await readFile(join(out, f))).equals(bytes), `${f} unchanged`).toBe(true);
      expect((await readdir(out)).filter((f) => f.startsWith('.callbench-tmp-'))).toEqual([]);
    }, 30_000);

    test('a run whose reports do not fit says which were not written on its last line (exit 3)', async () => {
      const out = join(disk, 'run2');
      await import('node:fs/promises').then((fs) => fs.mkdir(out));
      // Room for the write check and a few files (tmpfs gives each file a 4 KB page), not for all of them.
      await fillDisk(12_000);
      const io = fakeIo();
      const code = await runCli(
        [
          'run',
          scenarios,
          '-a',
          agent.url,
          '--out',
          out,
          '--record',
          'none',
          '--tts-cache',
          TEST_TTS_CACHE,
        ],
        io,
      );
      expect(code).toBe(ExitCode.HarnessError);
      expect(io.err).toMatch(/ENOSPC/);
      expect(io.out.trim().split('\n').at(-1)).toMatch(
        /^reports NOT written \(see the errors above\): \S/,
      );
      // Whatever did get written is whole: JSON parses, CSVs start with their header.
      const files = await readdir(out);
      if (files.includes('summary.json'))
        expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'))).toHaveProperty(
          'calls',
        );
      for (const f of files.filter((x) => x.endsWith('.csv')))
        expect((await readFile(join(out, f), 'utf8')).split('\n')[0]).toMatch(/^scenario,call_id,/);
      expect(files.filter((f) => f.startsWith('.callbench-tmp-'))).toEqual([]);
    }, 30_000);

    test('a load run whose reports do not fit says so plainly (exit 3), not as an internal error', async () => {
      const out = join(disk, 'load1');
      await fillDisk(12_000);
      const io = fakeIo();
      const code = await runCli(
        [
          'load',
          scenarios,
          '-a',
          agent.url,
          '--vus',
          '1',
          '--duration',
          '1s',
          '--out',
          out,
          '--tts-cache',
          TEST_TTS_CACHE,
        ],
        io,
      );
      expect(code).toBe(ExitCode.HarnessError);
      expect(io.err).not.toMatch(/internal error/);
      expect(io.err).toMatch(/could not write the load reports to .*: no space left on the device/);
      expect((await readdir(out)).filter((f) => f.startsWith('.callbench-tmp-'))).toEqual([]);
    }, 60_000);
  },
);
