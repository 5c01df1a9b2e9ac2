/**
 * The LLM caller's settings from the environment: CALLBENCH_CALLER_MODEL (default gpt-4o-mini),
 * OPENAI_BASE_URL, OPENAI_API_KEY (any OpenAI-compatible endpoint), CALLBENCH_CALLER_TIMEOUT_MS.
 * Without a key it replays from the cache file when that holds replies; otherwise `policy: llm`
 * scenarios cannot run, and `missing` names what to set.
 */
import OpenAI from 'openai';
import { CallerCache } from './caller-cache.ts';
import { DEFAULT_CALLER_MODEL, LlmPolicy } from './llm-policy.ts';
import type { PolicyFactory } from './start.ts';

const DEFAULT_TIMEOUT_MS = 30_000;

/** The caller model's endpoint as the environment gives it (plain data: it crosses to worker threads). */
export interface CallerEndpoint {
  model: string;
  /** null: api.openai.com */
  baseURL: string | null;
  /** null: no key set */
  apiKey: string | null;
  timeoutMs: number;
}

export function callerEndpointFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): CallerEndpoint {
  const timeout = Number(env.CALLBENCH_CALLER_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS);
  return {
    model: env.CALLBENCH_CALLER_MODEL ?? DEFAULT_CALLER_MODEL,
    baseURL: env.OPENAI_BASE_URL || null,
    apiKey: env.OPENAI_API_KEY || null,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
  };
}

/** An SDK client for the endpoint (it needs a key). */
export function callerClient(endpoint: CallerEndpoint & { apiKey: string }): OpenAI {
  return new OpenAI({
    apiKey: endpoint.apiKey,
    ...(endpoint.baseURL ? { baseURL: endpoint.baseURL } : {}),
    maxRetries: 1,
  });
}

export async function callerPolicyFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  cacheFile: string,
): Promise<{ factory: PolicyFactory } | { missing: string }> {
  const endpoint = callerEndpointFromEnv(env);
  const { model, timeoutMs, apiKey } = endpoint;
  const cache = new CallerCache(cacheFile);
  if (apiKey === null) {
    if ((await cache.size()) === 0)
      return {
        missing: `policy: llm scenarios need OPENAI_API_KEY (the caller's model, ${model}, at ${endpoint.baseURL ?? 'api.openai.com'}), or a filled ${cacheFile} to replay`,
      };
    return { factory: (goal) => new LlmPolicy(goal, { client: null, model, cache, timeoutMs }) };
  }
  const client = callerClient({ ...endpoint, apiKey });
  return { factory: (goal) => new LlmPolicy(goal, { client, model, cache, timeoutMs }) };
}
