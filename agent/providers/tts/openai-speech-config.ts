/**
 * Configuration of the OpenAI speech TTS (`POST /v1/audio/speech`), read from an environment map
 * the composition root passes in. It also fits local servers that implement the same endpoint.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface OpenAiSpeechConfig {
  apiKey: string;
  /** Undefined means the SDK default, https://api.openai.com/v1. */
  baseURL: string | undefined;
  /** gpt-4o-mini-tts, tts-1, tts-1-hd, … */
  model: string;
  voice: string;
  /** Speaking style (gpt-4o-mini-tts only; ignored by tts-1). */
  instructions: string | undefined;
  /** No first audio this long after the request: give up. */
  firstAudioTimeoutMs: number;
  maxRetries: number;
}

export const DEFAULT_OPENAI_TTS_MODEL = 'gpt-4o-mini-tts';
export const DEFAULT_OPENAI_TTS_VOICE = 'alloy';

export function isOpenAiSpeechConfigured(env: Env): boolean {
  return Boolean(env.OPENAI_API_KEY || env.OPENAI_TTS_BASE_URL);
}

export function openAiSpeechConfigFromEnv(env: Env): OpenAiSpeechConfig {
  // A separate URL, because the chat server (e.g. a local llama-server) may not speak.
  const baseURL = env.OPENAI_TTS_BASE_URL || env.OPENAI_BASE_URL || undefined;
  const apiKey = env.OPENAI_API_KEY || (env.OPENAI_TTS_BASE_URL ? 'no-key-needed' : undefined);
  if (!apiKey)
    throw new Error(
      'OPENAI_API_KEY is not set (needed for OpenAI speech); or set OPENAI_TTS_BASE_URL to a local server with /v1/audio/speech.',
    );
  return {
    apiKey,
    baseURL,
    model: env.OPENAI_TTS_MODEL || DEFAULT_OPENAI_TTS_MODEL,
    voice: env.OPENAI_TTS_VOICE || DEFAULT_OPENAI_TTS_VOICE,
    instructions: env.OPENAI_TTS_INSTRUCTIONS || undefined,
    firstAudioTimeoutMs: 5000,
    maxRetries: 0,
  };
}
