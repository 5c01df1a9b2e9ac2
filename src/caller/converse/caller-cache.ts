/**
 * The LLM caller's reply cache (`.callbench/caller-cache.json`): sha256(prompt version, model,
 * conversation so far) → the caller's reply, so a CI re-run says exactly the same lines and makes
 * no request. Read once; rewritten whole (temp file + rename) after each new reply, merged with
 * what the file holds then, writes serialized per file within the thread (load worker threads
 * hand their new replies to the main thread to write, see src/engine/generator/worker-pool.ts).
 * Each reply also records its prompt's key (prompt version, model, system prompt), so a load run
 * can tell before dialling that a scenario has no cached conversation at all.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';

/** Where `callbench run` keeps replies and `callbench load` reads them, under the working directory. */
export const CALLER_CACHE_FILE = '.callbench/caller-cache.json';

export interface CachedReply {
  say: string | null;
  dtmf: string | null;
  hangup: boolean;
  model: string;
  /** callerPromptKey of the conversation's prompt; absent in replies cached before it was recorded. */
  prompt?: string;
}

/** Where the LLM policy finds and keeps replies: the cache file, or a load worker's view of it. */
export interface ReplyCache {
  get(key: string): Promise<CachedReply | undefined>;
  set(key: string, reply: CachedReply): Promise<void>;
}

interface CacheFile {
  version: 1;
  replies: Record<string, CachedReply>;
}

export function callerCacheKey(
  promptVersion: number,
  model: string,
  messages: readonly { role: string; content: string }[],
): string {
  return createHash('sha256')
    .update(JSON.stringify([promptVersion, model, messages]))
    .digest('hex');
}

/** Names a conversation's prompt (not its turns): every reply of that conversation carries it. */
export function callerPromptKey(
  promptVersion: number,
  model: string,
  systemPrompt: string,
): string {
  return createHash('sha256')
    .update(JSON.stringify(['prompt', promptVersion, model, systemPrompt]))
    .digest('hex');
}

function isReply(v: unknown): v is CachedReply {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    (typeof r.say === 'string' || r.say === null) &&
    (typeof r.dtmf === 'string' || r.dtmf === null) &&
    typeof r.hangup === 'boolean' &&
    typeof r.model === 'string' &&
    (r.prompt === undefined || typeof r.prompt === 'string')
  );
}

async function readReplies(file: string): Promise<Record<string, CachedReply>> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheFile>;
    const out: Record<string, CachedReply> = {};
    for (const [key, value] of Object.entries(parsed.replies ?? {}))
      if (isReply(value)) out[key] = value;
    return out;
  } catch {
    return {};
  }
}

const writes = new Map<string, Promise<void>>();

export class CallerCache implements ReplyCache {
  private readonly file: string;
  private loaded: Promise<Record<string, CachedReply>> | null = null;

  constructor(file: string) {
    this.file = resolve(file);
  }

  async get(key: string): Promise<CachedReply | undefined> {
    this.loaded ??= readReplies(this.file);
    return (await this.loaded)[key];
  }

  /** How many replies the file holds (0 when it does not exist). */
  async size(): Promise<number> {
    this.loaded ??= readReplies(this.file);
    return Object.keys(await this.loaded).length;
  }

  /**
   * Whether the file holds replies of the conversation with this prompt key: 'yes', 'no', or
   * 'unknown' when it holds none marked but some replies that predate the mark.
   */
  async holdsPrompt(prompt: string): Promise<'yes' | 'no' | 'unknown'> {
    this.loaded ??= readReplies(this.file);
    const replies = Object.values(await this.loaded);
    if (replies.some((r) => r.prompt === prompt)) return 'yes';
    return replies.some((r) => r.prompt === undefined) ? 'unknown' : 'no';
  }

  /** Keeps a reply in memory only (a load worker thread: the main thread writes the file). */
  async remember(key: string, reply: CachedReply): Promise<void> {
    this.loaded ??= readReplies(this.file);
    (await this.loaded)[key] = reply;
  }

  async set(key: string, reply: CachedReply): Promise<void> {
    await this.remember(key, reply);
    const previous = writes.get(this.file) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(async () => {
        const onDisk = await readReplies(this.file);
        const body: CacheFile = { version: 1, replies: { ...onDisk, [key]: reply } };
        await mkdir(dirname(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}.${threadId}.${Date.now()}.tmp`;
        await writeFile(tmp, JSON.stringify(body, null, 1) + '\n');
        await rename(tmp, this.file);
      });
    writes.set(this.file, next);
    await next;
  }
}
