/** The --out check: plain reasons, no recursive mkdir (which spins on /proc), and a time bound. */
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeWriteError, prepareOutDir, realOutDirFs, type OutDirFs } from './out-dir-check.ts';

const errno = (code: string): Error => Object.assign(new Error(`${code}: simulated`), { code });

describe('prepareOutDir', () => {
  test('creates missing directories and leaves nothing behind from its write probe', async () => {
    const base = await mkdtemp(join(tmpdir(), 'callbench-outdir-'));
    const dir = join(base, 'a', 'b', 'c');
    expect(await prepareOutDir(dir)).toBeNull();
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    expect(await prepareOutDir(dir)).toBeNull(); // existing is fine
  });

  test('an --out that is a file, or under a file, is named as such', async () => {
    const base = await mkdtemp(join(tmpdir(), 'callbench-outdir-'));
    await writeFile(join(base, 'f'), 'x');
    expect(await prepareOutDir(join(base, 'f'), { shownAs: 'out/f' })).toBe(
      'cannot write to --out out/f: it is a file, not a directory',
    );
    expect(await prepareOutDir(join(base, 'f', 'sub'))).toMatch(
      /: .*\/f is a file, not a directory$/,
    );
  });

  test('a path where mkdir(recursive) would spin forever (/proc) fails at once', async () => {
    const started = performance.now();
    expect(await prepareOutDir('/proc/callbench-no-such/out')).toBe(
      'cannot write to --out /proc/callbench-no-such/out: the file system does not allow creating it (at /proc/callbench-no-such)',
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test('permission and read-only errors say so', async () => {
    for (const [code, said] of [
      ['EACCES', 'permission denied'],
      ['EROFS', 'read-only file system'],
      ['ENOSPC', 'no space left on the device'],
    ]) {
      const fs: OutDirFs = {
        ...realOutDirFs,
        isDirectory: async () => true,
        writeFile: async () => Promise.reject(errno(code)),
      };
      expect(await prepareOutDir('/somewhere', { fs })).toBe(
        `cannot write to --out /somewhere: ${said}`,
      );
    }
  });

  test('a file system that never answers is given up on after the timeout', async () => {
    const fs: OutDirFs = {
      ...realOutDirFs,
      isDirectory: async (p) => (p === '/' ? true : Promise.reject(errno('ENOENT'))),
      mkdir: () => new Promise<void>(() => {}),
    };
    expect(await prepareOutDir('/hung/out', { fs, timeoutMs: 50 })).toBe(
      'cannot write to --out /hung/out: the file system did not answer within 0.05 s',
    );
  });

  test('describeWriteError: file-system errors in words, anything else left to the caller', () => {
    expect(describeWriteError(errno('ENOSPC'))).toBe(
      'no space left on the device (ENOSPC: simulated)',
    );
    expect(describeWriteError(errno('EACCES'))).toBe('EACCES: simulated');
    expect(describeWriteError(new TypeError('a bug'))).toBeNull();
  });
});
