/**
 * Configuration of the OpenAI-compatible brain, read from an environment map the composition
 * root passes in (only src/cli touches process.env). Works for OpenAI itself and for local
 * servers that speak the same API (llama.cpp `llama-server --jinja`, vLLM, Ollama `/v1`).
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface OpenAiLlmConfig {
  /** Sent as `Authorization: Bearer …`; local servers get a placeholder (the SDK insists on one). */
  apiKey: string;
  /** Undefined means the SDK default, https://api.openai.com/v1. */
  baseURL: string | undefined;
  model: string;
  /** No first token (text or tool call) within this long after a request: give up on the turn. */
  firstTokenTimeoutMs: number;
  /** The whole turn, tool rounds included, must finish within this long. */
  totalTimeoutMs: number;
  /**
   * SDK-level retries of 429/5xx/connection errors. 0 by default: on a phone call a retry's
   * back-off is dead air, and the session can say a fallback line instead (ProviderError.retryable).
   */
  maxRetries: number;
  temperature: number | undefined;
}

export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
/** What the SDK requires when a local server ignores keys. */
export const PLACEHOLDER_API_KEY = 'no-key-needed';

/** True when the environment asks for this brain (a key, or a local server's URL). */
export function isOpenAiLlmConfigured(env: Env): boolean {
  return Boolean(env.OPENAI_API_KEY || env.OPENAI_BASE_URL);
}

function positiveNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(
      `${name} must be a non-negative number of milliseconds (or unset), got "${raw}"`,
    );
  }
  return value;
}

export function openAiLlmConfigFromEnv(env: Env): OpenAiLlmConfig {
  const baseURL = env.OPENAI_BASE_URL || undefined;
  const apiKey = env.OPENAI_API_KEY || (baseURL ? PLACEHOLDER_API_KEY : undefined);
  if (!apiKey) {
    throw new Error(
      'OPENAI_API_KEY is not set. Set it for api.openai.com, or set OPENAI_BASE_URL to a local OpenAI-compatible server (e.g. http://127.0.0.1:8080/v1 for llama-server, http://127.0.0.1:11434/v1 for Ollama).',
    );
  }
  const temperature = env.OPENAI_TEMPERATURE ? Number(env.OPENAI_TEMPERATURE) : undefined;
  if (temperature !== undefined && !Number.isFinite(temperature)) {
    throw new Error(`OPENAI_TEMPERATURE must be a number, got "${env.OPENAI_TEMPERATURE}"`);
  }
  return {
    apiKey,
    baseURL,
    model: env.OPENAI_MODEL || DEFAULT_OPENAI_MODEL,
    firstTokenTimeoutMs: positiveNumber(env, 'OPENAI_FIRST_TOKEN_TIMEOUT_MS', 4000),
    totalTimeoutMs: positiveNumber(env, 'OPENAI_TIMEOUT_MS', 15000),
    maxRetries: positiveNumber(env, 'OPENAI_MAX_RETRIES', 0),
    temperature,
  };
}
