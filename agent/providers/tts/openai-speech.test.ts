import { afterEach, describe, expect, test } from 'vitest';
import { mulawEncode } from '../../../src/audio/mulaw.ts';
import { resample } from '../../../src/audio/resample.ts';
import { ProviderError } from '../errors.ts';
import { concatBytes } from '../testing/audio-fixtures.ts';
import {
  FAKE_SPEECH_RATE,
  fakeSpeechPcm,
  startFakeOpenAiSpeechServer,
  type FakeOpenAiSpeechOptions,
  type FakeOpenAiSpeechServer,
} from '../testing/fake-openai-speech-server.ts';
import { OpenAiSpeechTts } from './openai-speech.ts';
import type { OpenAiSpeechConfig } from './openai-speech-config.ts';
import { PcmToMulawStream } from './openai-speech-pcm.ts';

let fake: FakeOpenAiSpeechServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(
  options: FakeOpenAiSpeechOptions = {},
  overrides: Partial<OpenAiSpeechConfig> = {},
) {
  fake = await startFakeOpenAiSpeechServer(options);
  const config: OpenAiSpeechConfig = {
    apiKey: fake.apiKey,
    baseURL: fake.baseURL,
    model: 'gpt-4o-mini-tts',
    voice: 'alloy',
    instructions: 'Speak warmly.',
    firstAudioTimeoutMs: 2000,
    maxRetries: 0,
    ...overrides,
  };
  return { fake, tts: new OpenAiSpeechTts(config) };
}

const never = new AbortController().signal;

async function synthesizeAll(tts: OpenAiSpeechTts, text: string, signal = never) {
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

/** What a non-streaming conversion of the fake's whole reply gives. */
const expectedMulaw = (text: string) =>
  mulawEncode(resample(fakeSpeechPcm(text), FAKE_SPEECH_RATE, 8000));

describe('PcmToMulawStream', () => {
  test('streamed conversion in odd-sized chunks equals converting the whole utterance', () => {
    const cases: [string, number[]][] = [
      ['Hi.', [1, 3]], // tiny pushes are costly (each re-filters its margin): keep the audio short
      ['A sentence long enough to span many chunks of audio.', [777, 4801, 1 << 20]],
    ];
    for (const [text, sizes] of cases) {
      const pcm = fakeSpeechPcm(text);
      const bytes = new Uint8Array(pcm.buffer.slice(0));
      for (const size of sizes) {
        const stream = new PcmToMulawStream(24000);
        const parts: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += size)
          parts.push(stream.push(bytes.subarray(i, i + size)));
        parts.push(stream.flush());
        expect(concatBytes(parts)).toEqual(mulawEncode(resample(pcm, 24000, 8000)));
      }
    }
  });

  test('emits audio before the input ends (streaming, not buffering)', () => {
    const stream = new PcmToMulawStream(24000);
    const pcm = fakeSpeechPcm('Hello there.');
    const first = stream.push(new Uint8Array(pcm.buffer, 0, 4800)); // 100 ms
    expect(first.length).toBeGreaterThan(700); // ~90 ms of 8 kHz output, 10 ms held back
  });
});

describe('OpenAiSpeechTts', () => {
  test('asks for pcm and streams 8 kHz mu-law as the body arrives', async () => {
    const { fake, tts } = await setup({ chunkBytes: 4801, chunkDelayMs: 5 });
    const { chunks, audio } = await synthesizeAll(tts, 'Your table is booked.');
    expect(fake.requests[0].body).toEqual({
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      input: 'Your table is booked.',
      response_format: 'pcm',
      instructions: 'Speak warmly.',
    });
    expect(audio).toEqual(expectedMulaw('Your table is booked.'));
    expect(chunks.length).toBeGreaterThan(2);
  });

  test('abort mid-stream stops at once and closes the request', async () => {
    const { fake, tts } = await setup({ chunkBytes: 2401, chunkDelayMs: 30 });
    const controller = new AbortController();
    const chunks = tts.synthesize(
      'A long answer that streams slowly enough to interrupt.',
      controller.signal,
    );
    expect((await chunks.next()).value).toBeInstanceOf(Uint8Array);
    const started = performance.now();
    controller.abort();
    const error = await failure(chunks.next());
    expect(error.kind).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(300);
    await expect.poll(() => fake.requests[0].clientClosedEarly).toBe(true);
  });

  test('a consumer that breaks out closes the request', async () => {
    const { fake, tts } = await setup({ chunkBytes: 2401, chunkDelayMs: 20 });
    for await (const chunk of tts.synthesize('Break out of this one early, it is long.', never)) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    await expect.poll(() => fake.requests[0].clientClosedEarly).toBe(true);
  });

  test.each([
    [401, 'auth'],
    [429, 'rate_limit'],
    [500, 'server'],
  ] as const)('HTTP %i → %s', async (status, kind) => {
    const { tts } = await setup({ errorStatus: status });
    expect((await failure(synthesizeAll(tts, 'Hello.'))).kind).toBe(kind);
  });

  test('a stalled body → timeout', async () => {
    const { tts } = await setup({ stallAfterChunks: 1 }, { firstAudioTimeoutMs: 150 });
    const error = await failure(synthesizeAll(tts, 'Hello there, this stalls.'));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
  });
});
