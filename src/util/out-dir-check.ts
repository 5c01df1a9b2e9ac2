/**
 * Makes sure an output directory can be written before anything is dialed, with a plain reason
 * when it cannot ("cannot write to --out x: it is a file"). Creates the directory one component
 * at a time instead of `mkdir(recursive)`: Node 20's recursive mkdir spins forever on paths such
 * as /proc/x, whereas a plain mkdir there fails with ENOENT at once. The whole check is bounded
 * by a timeout too, so a hung filesystem (a dead NFS mount) cannot hang the run.
 */
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** The file-system calls the check makes; tests inject one whose mkdir never returns. */
export interface OutDirFs {
  /** Resolves to whether `path` is a directory; rejects with ENOENT when it does not exist. */
  isDirectory(path: string): Promise<boolean>;
  /** Creates one directory (not recursive). */
  mkdir(path: string): Promise<void>;
  writeFile(path: string, data: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const realOutDirFs: OutDirFs = {
  isDirectory: async (path) => (await stat(path)).isDirectory(),
  mkdir: async (path) => void (await mkdir(path)),
  writeFile: (path, data) => writeFile(path, data),
  unlink: (path) => unlink(path),
};

export const OUT_DIR_CHECK_TIMEOUT_MS = 10_000;

export interface OutDirCheckOptions {
  fs?: OutDirFs;
  timeoutMs?: number;
  /** How the option is called in messages (default `--out`). */
  option?: string;
  /** How the directory is shown in messages (default: as given). */
  shownAs?: string;
}

/**
 * Creates `dir` when missing and proves a file can be written in it. Resolves to null when it
 * can, else to the message to show: `cannot write to --out <dir>: <reason>`.
 */
export async function prepareOutDir(
  dir: string,
  options: OutDirCheckOptions = {},
): Promise<string | null> {
  const fs = options.fs ?? realOutDirFs;
  const timeoutMs = options.timeoutMs ?? OUT_DIR_CHECK_TIMEOUT_MS;
  const label = `cannot write to ${options.option ?? '--out'} ${options.shownAs ?? dir}`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<string>((done) => {
    timer = setTimeout(
      () => done(`the file system did not answer within ${timeoutMs / 1000} s`),
      timeoutMs,
    );
  });
  try {
    const reason = await Promise.race([ensureWritable(resolve(dir), fs), timedOut]);
    return reason === null ? null : `${label}: ${reason}`;
  } finally {
    clearTimeout(timer);
  }
}

async function ensureWritable(dir: string, fs: OutDirFs): Promise<string | null> {
  // Walk up to the nearest path that exists, then create the missing parts top-down.
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = await fs.isDirectory(at);
    } catch (err) {
      // ENOTDIR: a component above is a file; walking up finds it and says so.
      if (codeOf(err) !== 'ENOENT' && codeOf(err) !== 'ENOTDIR') return describe(err, at, dir);
      const parent = dirname(at);
      if (parent === at) return `${at} does not exist`;
      missing.unshift(at);
      at = parent;
      continue;
    }
    if (!isDir)
      return at === dir ? 'it is a file, not a directory' : `${at} is a file, not a directory`;
    break;
  }
  for (const path of missing) {
    try {
      await fs.mkdir(path);
    } catch (err) {
      if (codeOf(err) === 'EEXIST') continue; // made meanwhile (another shard, another process)
      return describe(err, path, dir);
    }
  }
  const probe = join(dir, `.callbench-write-check-${Date.now().toString(36)}`);
  try {
    await fs.writeFile(probe, 'callbench');
  } catch (err) {
    return describe(err, dir, dir);
  }
  await fs.unlink(probe).catch(() => {});
  return null;
}

function describe(err: unknown, path: string, dir: string): string {
  const where = path === dir ? '' : ` (at ${path})`;
  switch (codeOf(err)) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied${where}`;
    case 'EROFS':
      return `read-only file system${where}`;
    case 'ENOSPC':
      return `no space left on the device${where}`;
    case 'ENOTDIR':
      return `a part of the path is a file, not a directory${where}`;
    case 'ENOENT':
      return `the file system does not allow creating it${where}`;
    default:
      return `${err instanceof Error ? err.message : String(err)}${where}`;
  }
}

function codeOf(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

const WRITE_ERRORS = new Set([
  'ENOSPC',
  'EDQUOT',
  'EACCES',
  'EPERM',
  'EROFS',
  'EIO',
  'ENOENT',
  'ENOTDIR',
]);

/** For an error from writing output (a full disk mid-run): a plain reason, or null when it is not a file-system error. */
export function describeWriteError(err: unknown): string | null {
  const code = codeOf(err);
  if (code === undefined || !WRITE_ERRORS.has(code)) return null;
  return code === 'ENOSPC' || code === 'EDQUOT'
    ? `no space left on the device (${err instanceof Error ? err.message : code})`
    : err instanceof Error
      ? err.message
      : code;
}
