import { describe, expect, test } from 'vitest';
import {
  assemblyAiConfigFromEnv,
  DEFAULT_ASSEMBLYAI_MODEL,
  DEFAULT_ASSEMBLYAI_URL,
  isAssemblyAiConfigured,
} from './assemblyai-config.ts';
import { assemblyAiUrl } from './assemblyai.ts';
import { turnSettingsFor } from './assemblyai-context.ts';

describe('assemblyAiConfigFromEnv', () => {
  test('needs a key; defaults to the US endpoint, the English model and 50 ms batches', () => {
    expect(isAssemblyAiConfigured({})).toBe(false);
    expect(() => assemblyAiConfigFromEnv({})).toThrow(/ASSEMBLYAI_API_KEY/);
    const config = assemblyAiConfigFromEnv({ ASSEMBLYAI_API_KEY: 'k' });
    expect(config).toMatchObject({
      apiKey: 'k',
      baseUrl: DEFAULT_ASSEMBLYAI_URL,
      speechModel: DEFAULT_ASSEMBLYAI_MODEL,
      batchMs: 50,
      formatTurns: false,
    });
    const url = assemblyAiUrl(config, turnSettingsFor({ expectation: 'free' }, undefined));
    expect(url.href).toBe(
      'wss://streaming.assemblyai.com/v3/ws?sample_rate=8000&encoding=pcm_mulaw&speech_model=universal-streaming-english&format_turns=false',
    );
  });

  test('the model, endpoint and formatting can be chosen', () => {
    const config = assemblyAiConfigFromEnv({
      ASSEMBLYAI_API_KEY: 'k',
      ASSEMBLYAI_SPEECH_MODEL: 'u3-rt-pro',
      ASSEMBLYAI_BASE_URL: 'wss://streaming.eu.assemblyai.com',
      ASSEMBLYAI_FORMAT_TURNS: 'true',
    });
    expect(config).toMatchObject({
      speechModel: 'u3-rt-pro',
      baseUrl: 'wss://streaming.eu.assemblyai.com',
      formatTurns: true,
    });
  });
});
