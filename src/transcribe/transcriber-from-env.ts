/**
 * Which transcriber hears the agent, from the environment:
 * - CALLBENCH_TRANSCRIBER: `openai`, `embedded`, or `auto` / unset (OpenAI when OPENAI_API_KEY is set, else embedded);
 * - OPENAI_API_KEY, OPENAI_BASE_URL: the key and endpoint (as for the judge);
 * - CALLBENCH_TRANSCRIBE_MODEL: default gpt-4o-mini-transcribe (whisper-1 and gpt-4o-transcribe work too);
 * - CALLBENCH_TRANSCRIBE_TIMEOUT_MS: per segment, default 30000.
 *
 * `auto` looks at the key only, not OPENAI_BASE_URL: a base URL alone usually points at a local chat
 * server for the judge (llama-server, Ollama), which has no transcription endpoint. A local
 * transcription server is chosen explicitly with CALLBENCH_TRANSCRIBER=openai and OPENAI_BASE_URL.
 */
import type { AudioTranscriber } from './audio-transcriber.ts';
import { DEFAULT_TRANSCRIBE_MODEL, OpenAiTranscriber, type OpenAiTranscriberOptions } from './openai-transcriber.ts';
import { HeardTranscriber } from './transcriber.ts';

export const TRANSCRIBER_CHOICES = ['auto', 'openai', 'embedded'] as const;

/** What a local OpenAI-compatible server gets as a key; the SDK insists on one. */
const PLACEHOLDER_API_KEY = 'no-key-needed';

export function transcriberFromEnv(env: NodeJS.ProcessEnv): AudioTranscriber {
  const choice = env.CALLBENCH_TRANSCRIBER || 'auto';
  if (!(TRANSCRIBER_CHOICES as readonly string[]).includes(choice)) {
    throw new Error(`CALLBENCH_TRANSCRIBER must be one of ${TRANSCRIBER_CHOICES.join(', ')} (or unset), got "${choice}"`);
  }
  const apiKey = env.OPENAI_API_KEY || undefined;
  const baseUrl = env.OPENAI_BASE_URL || undefined;
  if (choice === 'embedded' || (choice === 'auto' && apiKey === undefined)) return new HeardTranscriber();
  if (apiKey === undefined && baseUrl === undefined) {
    throw new Error('CALLBENCH_TRANSCRIBER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server speaking the OpenAI transcription API)');
  }
  const rawTimeout = env.CALLBENCH_TRANSCRIBE_TIMEOUT_MS;
  const timeoutMs = rawTimeout ? Number(rawTimeout) : undefined;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new Error(`CALLBENCH_TRANSCRIBE_TIMEOUT_MS must be a positive number of milliseconds (or unset), got "${rawTimeout}"`);
  }
  const options: OpenAiTranscriberOptions = { apiKey: apiKey ?? PLACEHOLDER_API_KEY, model: env.CALLBENCH_TRANSCRIBE_MODEL || DEFAULT_TRANSCRIBE_MODEL };
  if (baseUrl !== undefined) options.baseUrl = baseUrl;
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  return new OpenAiTranscriber(options);
}
