/**
 * Configuration of the AssemblyAI Universal Streaming (v3) recognizer, read from an environment
 * map the composition root passes in (only src/cli touches process.env).
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface AssemblyAiConfig {
  /** Sent as the `Authorization` header, without "Bearer". */
  apiKey: string;
  /** wss://streaming.assemblyai.com (US), wss://streaming.eu.assemblyai.com (EU), or a test server. */
  baseUrl: string;
  /** Required by the service; e.g. universal-streaming-english, u3-rt-pro. */
  speechModel: string;
  /**
   * Audio per binary message. The service takes 50–1000 ms and recommends ~50; Twilio's 20 ms
   * frames are batched to this. Every transcript is delayed by up to the batch length, so the
   * default is the minimum.
   */
  batchMs: number;
  /**
   * Ask for punctuated, normalized finals ("415-555-0134" rather than "four one five…"). They
   * arrive a little after the unformatted end of turn; the adapter waits for them, at most
   * `formattedTurnWaitMs`.
   */
  formatTurns: boolean;
  formattedTurnWaitMs: number;
  endOfTurnConfidenceThreshold?: number;
  minTurnSilenceMs?: number;
  /** Default silence before a turn is forced to end; raised per SttContext for numbers and codes. */
  maxTurnSilenceMs?: number;
  connectTimeoutMs: number;
  /** How long close() waits for `Termination` after sending `Terminate`. */
  terminateTimeoutMs: number;
}

export const DEFAULT_ASSEMBLYAI_URL = 'wss://streaming.assemblyai.com';
export const DEFAULT_ASSEMBLYAI_MODEL = 'universal-streaming-english';

export function isAssemblyAiConfigured(env: Env): boolean {
  return Boolean(env.ASSEMBLYAI_API_KEY);
}

export function assemblyAiConfigFromEnv(env: Env): AssemblyAiConfig {
  const apiKey = env.ASSEMBLYAI_API_KEY;
  if (!apiKey) {
    throw new Error(
      'ASSEMBLYAI_API_KEY is not set: create a key at https://www.assemblyai.com/app and export it, or use the embedded recognizer.',
    );
  }
  return {
    apiKey,
    baseUrl: env.ASSEMBLYAI_BASE_URL || DEFAULT_ASSEMBLYAI_URL,
    speechModel: env.ASSEMBLYAI_SPEECH_MODEL || DEFAULT_ASSEMBLYAI_MODEL,
    batchMs: 50,
    formatTurns: env.ASSEMBLYAI_FORMAT_TURNS === 'true',
    formattedTurnWaitMs: 600,
    connectTimeoutMs: 5000,
    terminateTimeoutMs: 2000,
  };
}
