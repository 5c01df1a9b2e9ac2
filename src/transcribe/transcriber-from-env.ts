/**
 * Which transcriber hears the agent. Recordings of calls are personal data, so call audio leaves
 * the machine only when the user says so: `--transcriber openai` or CALLBENCH_TRANSCRIBER=openai.
 * A key in the environment (often there for the agent under test) never switches it.
 * - CALLBENCH_TRANSCRIBER: `embedded` (default) or `openai` (the flag wins over it);
 * - OPENAI_API_KEY, OPENAI_BASE_URL: the key and endpoint, used only once `openai` is chosen
 *   (a base URL alone is a local server speaking the OpenAI transcription API);
 * - CALLBENCH_TRANSCRIBE_MODEL: default gpt-4o-mini-transcribe (whisper-1 and gpt-4o-transcribe work too);
 * - CALLBENCH_TRANSCRIBE_TIMEOUT_MS: per segment, default 30000.
 */
import type { AudioTranscriber } from './audio-transcriber.ts';
import {
  DEFAULT_TRANSCRIBE_MODEL,
  OpenAiTranscriber,
  type OpenAiTranscriberOptions,
} from './openai-transcriber.ts';
import { HeardTranscriber } from './transcriber.ts';

export const TRANSCRIBER_CHOICES = ['embedded', 'openai'] as const;
export type TranscriberChoice = (typeof TRANSCRIBER_CHOICES)[number];

/** What a local OpenAI-compatible server gets as a key; the SDK insists on one. */
const PLACEHOLDER_API_KEY = 'no-key-needed';

/** The transcriber asked for: the flag, else CALLBENCH_TRANSCRIBER, else embedded. */
export function transcriberChoice(env: NodeJS.ProcessEnv, flag?: string): TranscriberChoice {
  const choice = flag || env.CALLBENCH_TRANSCRIBER || 'embedded';
  if (choice === 'auto') {
    throw new Error(
      `CALLBENCH_TRANSCRIBER=auto is gone: call audio is sent to a cloud transcriber only when asked (CALLBENCH_TRANSCRIBER=openai or --transcriber openai); unset it to transcribe on this machine`,
    );
  }
  if (!(TRANSCRIBER_CHOICES as readonly string[]).includes(choice)) {
    throw new Error(
      `${flag ? '--transcriber' : 'CALLBENCH_TRANSCRIBER'} must be one of ${TRANSCRIBER_CHOICES.join(', ')}${flag ? '' : ' (or unset)'}, got "${choice}"`,
    );
  }
  return choice as TranscriberChoice;
}

export function transcriberFromEnv(env: NodeJS.ProcessEnv, flag?: string): AudioTranscriber {
  const choice = transcriberChoice(env, flag);
  const apiKey = env.OPENAI_API_KEY || undefined;
  const baseUrl = env.OPENAI_BASE_URL || undefined;
  if (choice === 'embedded') return new HeardTranscriber();
  if (apiKey === undefined && baseUrl === undefined) {
    throw new Error(
      'CALLBENCH_TRANSCRIBER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server speaking the OpenAI transcription API)',
    );
  }
  const rawTimeout = env.CALLBENCH_TRANSCRIBE_TIMEOUT_MS;
  const timeoutMs = rawTimeout ? Number(rawTimeout) : undefined;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new Error(
      `CALLBENCH_TRANSCRIBE_TIMEOUT_MS must be a positive number of milliseconds (or unset), got "${rawTimeout}"`,
    );
  }
  const options: OpenAiTranscriberOptions = {
    apiKey: apiKey ?? PLACEHOLDER_API_KEY,
    model: env.CALLBENCH_TRANSCRIBE_MODEL || DEFAULT_TRANSCRIBE_MODEL,
  };
  if (baseUrl !== undefined) options.baseUrl = baseUrl;
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  return new OpenAiTranscriber(options);
}
