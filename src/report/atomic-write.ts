/**
 * Report files are written so that a failed write (a full disk, a killed process) never leaves a
 * 0-byte or truncated file where a good one was: whole files go to a temporary file beside the
 * target and are renamed over it (rename is atomic within a directory); appends that fail are
 * cut back to where the file ended before them, so a line is in the file whole or not at all.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, rename, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temporary files start with this, so a crash's leftovers are easy to recognize (and ignore). */
export const TEMP_PREFIX = '.callbench-tmp-';

/** Writes `path` whole or not at all; on failure the old file (if any) is left as it was. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(
    dirname(path),
    `${TEMP_PREFIX}${basename(path)}.${randomBytes(4).toString('hex')}`,
  );
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw err;
  }
}

/** Appends `text` whole or not at all: a partial append is truncated away before the error is passed on. */
export async function appendWhole(path: string, text: string): Promise<void> {
  const before = await sizeOf(path);
  try {
    await appendFile(path, text);
  } catch (err) {
    // Cut back to the old end; a file this append created goes away again.
    await (before === null ? unlink(path) : truncate(path, before)).catch(() => {});
    throw err;
  }
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}
