import { describe, expect, test } from 'vitest';
import {
  DEFAULT_OPENAI_MODEL,
  isOpenAiLlmConfigured,
  openAiLlmConfigFromEnv,
  PLACEHOLDER_API_KEY,
} from './config.ts';

describe('openAiLlmConfigFromEnv', () => {
  test('uses the key, the default model and default timeouts', () => {
    const config = openAiLlmConfigFromEnv({ OPENAI_API_KEY: 'sk-x' });
    expect(config).toMatchObject({
      apiKey: 'sk-x',
      baseURL: undefined,
      model: DEFAULT_OPENAI_MODEL,
      maxRetries: 0,
    });
    expect(config.firstTokenTimeoutMs).toBeGreaterThan(0);
    expect(config.totalTimeoutMs).toBeGreaterThan(config.firstTokenTimeoutMs);
  });

  test('a local server needs no key', () => {
    const config = openAiLlmConfigFromEnv({
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_MODEL: 'qwen2.5:3b',
    });
    expect(config).toMatchObject({
      apiKey: PLACEHOLDER_API_KEY,
      baseURL: 'http://127.0.0.1:11434/v1',
      model: 'qwen2.5:3b',
    });
  });

  test('says what to set when nothing is configured, and rejects bad numbers', () => {
    expect(isOpenAiLlmConfigured({})).toBe(false);
    expect(() => openAiLlmConfigFromEnv({})).toThrow(/OPENAI_API_KEY.*OPENAI_BASE_URL/);
    expect(() =>
      openAiLlmConfigFromEnv({ OPENAI_API_KEY: 'k', OPENAI_TIMEOUT_MS: 'soon' }),
    ).toThrow(/OPENAI_TIMEOUT_MS/);
  });
});
