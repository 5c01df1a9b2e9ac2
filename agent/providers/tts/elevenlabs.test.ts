import { afterEach, describe, expect, test } from 'vitest';
import { ProviderError } from '../errors.ts';
import { concatBytes } from '../testing/audio-fixtures.ts';
import {
  fakeElevenLabsAudio,
  startFakeElevenLabsServer,
  type FakeElevenLabsOptions,
  type FakeElevenLabsServer,
} from '../testing/fake-elevenlabs-server.ts';
import { ElevenLabsTts } from './elevenlabs.ts';
import type { ElevenLabsConfig } from './elevenlabs-config.ts';

let fake: FakeElevenLabsServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(
  options: FakeElevenLabsOptions = {},
  overrides: Partial<ElevenLabsConfig> = {},
) {
  fake = await startFakeElevenLabsServer(options);
  const config: ElevenLabsConfig = {
    apiKey: fake.apiKey,
    voiceId: 'voice123',
    modelId: 'eleven_flash_v2_5',
    baseUrl: fake.baseUrl,
    connectTimeoutMs: 2000,
    firstAudioTimeoutMs: 2000,
    ...overrides,
  };
  return { fake, tts: new ElevenLabsTts(config) };
}

const never = new AbortController().signal;

async function synthesizeAll(
  tts: ElevenLabsTts,
  text: string,
  signal = never,
): Promise<{ chunks: Uint8Array[]; audio: Uint8Array }> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of tts.synthesize(text, signal)) chunks.push(chunk);
  return { chunks, audio: concatBytes(chunks) };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('ElevenLabsTts', () => {
  test('follows the stream-input protocol and yields the audio as it arrives', async () => {
    const { fake, tts } = await setup(
      { chunkMs: 100 },
      { voiceSettings: { stability: 0.5, similarity_boost: 0.8 } },
    );
    const { chunks, audio } = await synthesizeAll(tts, 'Your order ships today.');
    const connection = fake.connections[0];
    expect(connection.path).toBe('/v1/text-to-speech/voice123/stream-input');
    expect(Object.fromEntries(connection.query)).toEqual({
      model_id: 'eleven_flash_v2_5',
      output_format: 'ulaw_8000',
    });
    expect(connection.headers['xi-api-key']).toBe(fake.apiKey);
    expect(connection.messages).toEqual([
      { text: ' ', voice_settings: { stability: 0.5, similarity_boost: 0.8 } },
      { text: 'Your order ships today. ', flush: true },
      { text: '' },
    ]);
    expect(audio).toEqual(fakeElevenLabsAudio('Your order ships today.'));
    expect(chunks.length).toBeGreaterThan(1);
    await expect.poll(() => connection.closeCode).toBe(1000);
  });

  test.each(['riff', 'snd'] as const)(
    'strips a %s header so Twilio never plays it',
    async (header) => {
      const { tts } = await setup({ header });
      const { audio } = await synthesizeAll(tts, 'Hello there.');
      expect(audio).toEqual(fakeElevenLabsAudio('Hello there.'));
    },
  );

  test('refuses PCM inside a WAV header instead of playing it as mu-law static', async () => {
    const { tts } = await setup({ header: 'riff-pcm16' });
    const error = await failure(synthesizeAll(tts, 'Hello.'));
    expect(error.kind).toBe('protocol');
    expect(error.message).toMatch(/expected mu-law/);
  });

  test('abort after the first chunk stops at once and terminates the socket', async () => {
    const { fake, tts } = await setup({ chunkMs: 50, chunkDelayMs: 30 });
    const controller = new AbortController();
    const chunks = tts.synthesize(
      'A long sentence that takes a while to speak out loud.',
      controller.signal,
    );
    expect((await chunks.next()).value).toBeInstanceOf(Uint8Array);
    const started = performance.now();
    controller.abort();
    const error = await failure(chunks.next());
    expect(error.kind).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(300);
    await expect.poll(() => fake.connections[0].closeCode).toBe(1006); // terminated, not a polite close
  });

  test('a consumer that stops reading (break) also closes the socket', async () => {
    const { fake, tts } = await setup({ chunkMs: 50, chunkDelayMs: 20 });
    for await (const chunk of tts.synthesize('Stop me early please, I am long.', never)) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    await expect.poll(() => fake.connections[0].closeCode).toBeDefined();
  });

  test('a wrong key is an auth error that names the setting', async () => {
    const { tts } = await setup({}, { apiKey: 'wrong' });
    const error = await failure(synthesizeAll(tts, 'Hello.'));
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect(error.message).toMatch(/ELEVENLABS_API_KEY/);
  });

  test('no audio in time → retryable timeout', async () => {
    const { tts } = await setup({ stall: true }, { firstAudioTimeoutMs: 150 });
    const error = await failure(synthesizeAll(tts, 'Hello.'));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
  });

  test('an error message mid-stream becomes a ProviderError', async () => {
    const { tts } = await setup({
      failAfterChunks: {
        chunks: 1,
        code: 1011,
        reason: 'internal error',
        errorMessage: 'synthesis failed',
      },
    });
    const error = await failure(synthesizeAll(tts, 'Hello there, how are you today?'));
    expect(error.kind).toBe('server');
    expect(error.message).toMatch(/synthesis failed/);
  });

  test('an unexpected close mid-stream is a server error', async () => {
    const { tts } = await setup({
      failAfterChunks: { chunks: 1, code: 1011, reason: 'internal error' },
    });
    const error = await failure(synthesizeAll(tts, 'Hello there, how are you today?'));
    expect(error).toMatchObject({ kind: 'server', status: 1011 });
  });

  test('an unreachable server is a retryable error; empty text yields nothing without connecting', async () => {
    const { fake, tts } = await setup();
    expect((await synthesizeAll(tts, '   ')).chunks).toEqual([]);
    expect(fake.connections).toHaveLength(0);
    await fake.close();
    const error = await failure(synthesizeAll(tts, 'Hello.'));
    expect(error).toMatchObject({ kind: 'server', retryable: true });
  });
});
