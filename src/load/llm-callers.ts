/**
 * `policy: llm` callers in `callbench load`. By default they run from the reply cache only
 * (`.callbench/caller-cache.json`, filled by `callbench run`): a load run then makes no request, so
 * it costs nothing, is not rate-limited, and the caller's think time is not a remote model's. A
 * reply the cache does not hold fails its call with a message saying so (no request is made).
 * `--allow-llm-callers` sends the misses to the model, at most `--llm-concurrency` requests at once
 * over the whole run (split over the generator threads), so a burst of calls queues for the model
 * instead of drawing rate-limit errors that would fail calls for the caller's sake.
 *
 * Before dialling, without the flag, a scenario whose conversation the cache holds no reply of at
 * all is refused (exit 2): every one of its calls would fail on its first line. With the flag, a
 * missing key is refused, naming the variable.
 */
import { relative, resolve } from 'node:path';
import {
  CALLER_CACHE_FILE,
  CallerCache,
  callerPromptKey,
} from '../caller/converse/caller-cache.ts';
import { callerEndpointFromEnv } from '../caller/converse/llm-from-env.ts';
import { CALLER_PROMPT_VERSION, systemPrompt } from '../caller/converse/llm-policy.ts';
import {
  DEFAULT_LLM_CONCURRENCY,
  type LlmCallerSettings,
} from '../engine/generator/llm-caller-policy.ts';
import type { Scenario } from '../scenario/types.ts';

/** What keeps `policy: llm` scenarios from running in this load run, by scenario, before dialling. */
export async function llmCallerProblems(
  scenarios: readonly Scenario[],
  settings: LlmCallerSettings,
  cwd?: string,
): Promise<string[]> {
  const problems: string[] = [];
  const shownCacheFile = cwd ? relative(cwd, settings.cacheFile) : settings.cacheFile;
  const cache = new CallerCache(settings.cacheFile);
  const { model, baseURL, apiKey } = settings.endpoint;
  for (const s of scenarios) {
    const goal = s.caller.goal;
    if (goal?.policy !== 'llm') continue;
    if (settings.allowRequests) {
      if (apiKey === null)
        problems.push(
          `${s.file}: scenario "${s.name}" has caller.policy: llm and --allow-llm-callers asks its model (${model} at ${baseURL ?? 'api.openai.com'}), but OPENAI_API_KEY is not set`,
        );
      continue;
    }
    const prompt = callerPromptKey(CALLER_PROMPT_VERSION, model, systemPrompt(goal));
    if ((await cache.holdsPrompt(prompt)) === 'no')
      problems.push(
        `${s.file}: scenario "${s.name}" has caller.policy: llm and ${shownCacheFile} holds no reply of its conversation with ${model}: load runs llm callers from the cache (fill it with \`callbench run\`), or pass --allow-llm-callers to ask the model`,
      );
  }
  return problems;
}

/** The cache file callbench run fills (cwd's .callbench/caller-cache.json), from the cache only, when the caller of runLoad gives no settings. */
export function llmCallerSettingsOrDefault(
  settings: LlmCallerSettings | undefined,
  cwd?: string,
): LlmCallerSettings {
  return (
    settings ?? {
      endpoint: callerEndpointFromEnv({}),
      cacheFile: resolve(cwd ?? '.', CALLER_CACHE_FILE),
      allowRequests: false,
      maxRequests: DEFAULT_LLM_CONCURRENCY,
    }
  );
}
