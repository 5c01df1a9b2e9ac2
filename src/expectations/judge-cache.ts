/**
 * The LLM judge's verdict cache: one JSON file mapping sha256(model, criterion, transcript) to the
 * verdict. It makes judged suites stable across re-runs (the same call transcript always gets the
 * same verdict, whatever the model would say today) and lets a cached suite run offline.
 *
 * The file is read once, on first use, and rewritten whole after every new verdict by writing a
 * temporary file and renaming it over the old one, so a run killed mid-write leaves the previous
 * complete file, never half of one. Writes to one file are serialized across every cache object in
 * the process, and each write first merges in what the file holds now, so two judges sharing a
 * file (one per scenario, say) do not drop each other's verdicts. Two processes writing the same
 * file at the same moment can still lose one verdict; it is then asked for again next run.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export interface CachedVerdict {
  passed: boolean;
  reason: string;
  model: string;
}

interface CacheFile {
  version: 1;
  verdicts: Record<string, CachedVerdict>;
}

/**
 * The cache key. `promptVersion` is part of it so that changing the judge's instructions does not
 * serve verdicts given under the old ones. JSON of an array keeps the fields apart (no separator
 * a criterion could contain).
 */
export function judgeCacheKey(
  promptVersion: number,
  model: string,
  criterion: string,
  transcript: string,
): string {
  return createHash('sha256')
    .update(JSON.stringify([promptVersion, model, criterion, transcript]))
    .digest('hex');
}

function isCachedVerdict(value: unknown): value is CachedVerdict {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.passed === 'boolean' && typeof v.reason === 'string' && typeof v.model === 'string'
  );
}

/** The valid entries of a cache file; none when it is missing, unreadable or not a cache file. */
async function readVerdicts(file: string): Promise<[string, CachedVerdict][]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const verdicts = (parsed as Partial<CacheFile>).verdicts;
  if (typeof verdicts !== 'object' || verdicts === null) return [];
  return Object.entries(verdicts).filter((entry): entry is [string, CachedVerdict] =>
    isCachedVerdict(entry[1]),
  );
}

/** The write queue of each cache file (by absolute path) in this process. */
const fileQueues = new Map<string, Promise<void>>();
/** Numbers temp files; process-wide so no two writes in this process share a temp name. */
let tempCounter = 0;

export class JudgeCache {
  private verdicts = new Map<string, CachedVerdict>();
  private loaded: Promise<void> | undefined;
  private writes: Promise<void> = Promise.resolve();
  private writeError: unknown;
  readonly file: string;

  constructor(file: string) {
    this.file = resolve(file);
  }

  async get(key: string): Promise<CachedVerdict | undefined> {
    await this.load();
    return this.verdicts.get(key);
  }

  /** Stores a verdict and queues a rewrite of the file; `flush()` waits for it. */
  async set(key: string, verdict: CachedVerdict): Promise<void> {
    await this.load();
    this.verdicts.set(key, verdict);
    const queued = (fileQueues.get(this.file) ?? Promise.resolve()).then(() => this.write());
    const settled = queued.catch((error: unknown) => {
      this.writeError ??= error;
    });
    fileQueues.set(this.file, settled);
    this.writes = this.writes.then(() => settled);
    await settled;
  }

  /** Waits for queued writes; throws the first write error, if any (a full disk should be seen). */
  async flush(): Promise<void> {
    await this.writes;
    if (this.writeError !== undefined) {
      const error = this.writeError;
      this.writeError = undefined;
      throw new Error(
        `could not write the judge cache ${this.file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private load(): Promise<void> {
    this.loaded ??= this.read();
    return this.loaded;
  }

  /**
   * A missing file is an empty cache. So is an unreadable or corrupt one: the cache only saves
   * requests, so the run goes on (re-judging) and the next verdict replaces the file with a good one.
   */
  private async read(): Promise<void> {
    for (const [key, value] of await readVerdicts(this.file)) this.verdicts.set(key, value);
  }

  private async write(): Promise<void> {
    // Verdicts another cache object (or an earlier run) wrote since this one loaded; ours win on a clash.
    for (const [key, value] of await readVerdicts(this.file))
      if (!this.verdicts.has(key)) this.verdicts.set(key, value);
    const body: CacheFile = {
      version: 1,
      verdicts: Object.fromEntries([...this.verdicts].sort(([a], [b]) => (a < b ? -1 : 1))),
    };
    await mkdir(dirname(this.file), { recursive: true });
    // Unique per process and write, so two runs sharing a cache file never rename each other's half-written temp.
    const temp = `${this.file}.${process.pid}.${++tempCounter}.tmp`;
    await writeFile(temp, `${JSON.stringify(body, null, 2)}\n`, 'utf8');
    await rename(temp, this.file);
  }
}
