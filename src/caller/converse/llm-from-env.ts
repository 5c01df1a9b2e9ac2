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

export async function callerPolicyFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  cacheFile: string,
): Promise<{ factory: PolicyFactory } | { missing: string }> {
  const model = env.CALLBENCH_CALLER_MODEL ?? DEFAULT_CALLER_MODEL;
  const cache = new CallerCache(cacheFile);
  const key = env.OPENAI_API_KEY;
  const timeout = Number(env.CALLBENCH_CALLER_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS);
  const timeoutMs = Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS;
  if (key === undefined || key === '') {
    if ((await cache.size()) === 0)
      return {
        missing: `policy: llm scenarios need OPENAI_API_KEY (the caller's model, ${model}, at ${env.OPENAI_BASE_URL ?? 'api.openai.com'}), or a filled ${cacheFile} to replay`,
      };
    return { factory: (goal) => new LlmPolicy(goal, { client: null, model, cache, timeoutMs }) };
  }
  const client = new OpenAI({
    apiKey: key,
    ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
    maxRetries: 1,
  });
  return { factory: (goal) => new LlmPolicy(goal, { client, model, cache, timeoutMs }) };
}
