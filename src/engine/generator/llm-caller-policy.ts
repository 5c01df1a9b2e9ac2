/**
 * How a load run's generator threads run `policy: llm` callers (see src/load/llm-callers.ts):
 * from the reply cache only, or asking the model for what the cache lacks, at most a share of the
 * run's request cap at once per thread.
 */
import pLimit from 'p-limit';
import type { ReplyCache } from '../../caller/converse/caller-cache.ts';
import { callerClient, type CallerEndpoint } from '../../caller/converse/llm-from-env.ts';
import { LlmPolicy } from '../../caller/converse/llm-policy.ts';
import type { PolicyFactory } from '../../caller/converse/start.ts';

/** Plain data: it crosses to the load worker threads. */
export interface LlmCallerSettings {
  endpoint: CallerEndpoint;
  /** Absolute path of the reply cache file. */
  cacheFile: string;
  /** --allow-llm-callers: replies missing from the cache are asked of the model. */
  allowRequests: boolean;
  /** Requests in flight at most over the run (--llm-concurrency). */
  maxRequests: number;
}

export const DEFAULT_LLM_CONCURRENCY = 8;

export const CACHE_MISS_ERROR =
  'llm reply not in the cache (load runs llm callers from the cache; run `callbench run` first to fill it, or pass --allow-llm-callers)';

/**
 * The LLM policy for the calls of one generator thread. `cache` is the thread's view of the cache
 * file (a worker thread hands its new replies to the main thread); `share` is this thread's part of the
 * run's request cap.
 */
export function llmPolicyForThread(
  settings: LlmCallerSettings,
  cache: ReplyCache,
  share: number,
): PolicyFactory {
  const { endpoint } = settings;
  const apiKey = settings.allowRequests ? endpoint.apiKey : null;
  const client = apiKey === null ? null : callerClient({ ...endpoint, apiKey });
  const limit = pLimit(Math.max(1, share));
  return (goal) =>
    new LlmPolicy(goal, {
      client,
      model: endpoint.model,
      cache,
      timeoutMs: endpoint.timeoutMs,
      cacheMissError: CACHE_MISS_ERROR,
      limit,
    });
}

/** This thread's part of the run's request cap (at least one each: more threads than the cap exceed it). */
export function requestShare(maxRequests: number, threads: number): number {
  return Math.max(1, Math.floor(maxRequests / threads));
}
