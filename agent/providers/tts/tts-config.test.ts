import { describe, expect, test } from 'vitest';
import { DEFAULT_ELEVENLABS_MODEL, elevenLabsConfigFromEnv } from './elevenlabs-config.ts';
import { elevenLabsUrl } from './elevenlabs.ts';
import { DEFAULT_OPENAI_TTS_MODEL, openAiSpeechConfigFromEnv } from './openai-speech-config.ts';

describe('elevenLabsConfigFromEnv', () => {
  test('needs a key; voice and model come from the environment', () => {
    expect(() => elevenLabsConfigFromEnv({})).toThrow(/ELEVENLABS_API_KEY/);
    const config = elevenLabsConfigFromEnv({ ELEVENLABS_API_KEY: 'k', ELEVENLABS_VOICE_ID: 'abc' });
    expect(config).toMatchObject({
      apiKey: 'k',
      voiceId: 'abc',
      modelId: DEFAULT_ELEVENLABS_MODEL,
    });
    expect(elevenLabsUrl(config).href).toBe(
      'wss://api.elevenlabs.io/v1/text-to-speech/abc/stream-input?model_id=eleven_flash_v2_5&output_format=ulaw_8000',
    );
    expect(
      elevenLabsConfigFromEnv({ ELEVENLABS_API_KEY: 'k', ELEVENLABS_MODEL_ID: 'eleven_turbo_v2_5' })
        .modelId,
    ).toBe('eleven_turbo_v2_5');
  });
});

describe('openAiSpeechConfigFromEnv', () => {
  test('uses the OpenAI key; a separate TTS server URL needs none', () => {
    expect(() => openAiSpeechConfigFromEnv({})).toThrow(/OPENAI_API_KEY/);
    expect(openAiSpeechConfigFromEnv({ OPENAI_API_KEY: 'sk' })).toMatchObject({
      apiKey: 'sk',
      baseURL: undefined,
      model: DEFAULT_OPENAI_TTS_MODEL,
      voice: 'alloy',
    });
    const local = openAiSpeechConfigFromEnv({
      OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1',
      OPENAI_TTS_BASE_URL: 'http://127.0.0.1:8880/v1',
    });
    expect(local).toMatchObject({ baseURL: 'http://127.0.0.1:8880/v1', apiKey: 'no-key-needed' });
  });
});
