/**
 * Configuration of the ElevenLabs stream-input TTS, read from an environment map the
 * composition root passes in (only src/cli touches process.env).
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface ElevenLabsVoiceSettings {
  stability: number;
  similarity_boost: number;
  style?: number;
  use_speaker_boost?: boolean;
  speed?: number;
}

export interface ElevenLabsConfig {
  /** Sent as the `xi-api-key` header. */
  apiKey: string;
  voiceId: string;
  /** Flash models answer fastest, which is what a phone call needs. */
  modelId: string;
  /** wss://api.elevenlabs.io, or a test server. */
  baseUrl: string;
  voiceSettings?: ElevenLabsVoiceSettings;
  connectTimeoutMs: number;
  /** No audio this long after the text was sent: give up (the session can use a fallback voice). */
  firstAudioTimeoutMs: number;
}

export const DEFAULT_ELEVENLABS_URL = 'wss://api.elevenlabs.io';
export const DEFAULT_ELEVENLABS_MODEL = 'eleven_flash_v2_5';
/** A premade voice ("Sarah") every account has. */
export const DEFAULT_ELEVENLABS_VOICE = 'EXAVITQu4vr4xnSDxMaL';

export function isElevenLabsConfigured(env: Env): boolean {
  return Boolean(env.ELEVENLABS_API_KEY);
}

export function elevenLabsConfigFromEnv(env: Env): ElevenLabsConfig {
  const apiKey = env.ELEVENLABS_API_KEY;
  if (!apiKey)
    throw new Error(
      'ELEVENLABS_API_KEY is not set: create a key at https://elevenlabs.io/app/settings/api-keys and export it, or use the embedded voice.',
    );
  return {
    apiKey,
    voiceId: env.ELEVENLABS_VOICE_ID || DEFAULT_ELEVENLABS_VOICE,
    modelId: env.ELEVENLABS_MODEL_ID || DEFAULT_ELEVENLABS_MODEL,
    baseUrl: env.ELEVENLABS_BASE_URL || DEFAULT_ELEVENLABS_URL,
    connectTimeoutMs: 5000,
    firstAudioTimeoutMs: 5000,
  };
}
