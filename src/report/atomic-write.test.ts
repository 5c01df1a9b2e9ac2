/** Whole files or nothing (the full-disk case itself is in test/full-disk.test.ts, on a real tmpfs). */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { appendWhole, writeFileAtomic } from './atomic-write.ts';

describe('writeFileAtomic', () => {
  test('replaces the file whole and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-atomic-'));
    await writeFile(join(dir, 'summary.json'), 'old');
    await writeFileAtomic(join(dir, 'summary.json'), 'new content');
    expect(await readFile(join(dir, 'summary.json'), 'utf8')).toBe('new content');
    expect(await readdir(dir)).toEqual(['summary.json']);
  });

  test('a write that fails leaves the target as it was and removes its temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-atomic-'));
    await mkdir(join(dir, 'report.html')); // renaming a file over a directory fails
    await expect(writeFileAtomic(join(dir, 'report.html'), 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['report.html']);
  });
});

describe('appendWhole', () => {
  test('appends, and an append to a path that cannot take it creates nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-atomic-'));
    await appendWhole(join(dir, 'events.jsonl'), 'a\n');
    await appendWhole(join(dir, 'events.jsonl'), 'b\n');
    expect(await readFile(join(dir, 'events.jsonl'), 'utf8')).toBe('a\nb\n');
    await expect(appendWhole(join(dir, 'missing-dir', 'x.jsonl'), 'a\n')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual(['events.jsonl']);
  });
});
