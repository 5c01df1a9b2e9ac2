/**
 * What every TtsProvider must do, embedded or cloud: call `describeTtsConformance` from a test
 * file with a factory for the provider under test (cloud adapters use their fake servers).
 */
import { describe, expect, test } from 'vitest';
import { mulawDecode } from '../../../src/audio/mulaw.ts';
import type { TtsProvider } from '../types.ts';
import { expectFailure, expectStopsAfterAbort, settleWithin } from './settle.ts';

export interface TtsConformanceOptions {
  makeProvider: () => TtsProvider | Promise<TtsProvider>;
  /** A provider that cannot work (bad key, unreachable): it must fail with a ProviderError. */
  makeFailingProvider?: () => TtsProvider | Promise<TtsProvider>;
  text?: string;
  /** How soon iteration must settle after an abort. */
  abortSettleMs?: number;
}

const DEFAULT_TEXT = 'Thanks for calling. How can I help you today?';

async function collect(
  provider: TtsProvider,
  text: string,
  signal: AbortSignal,
): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of provider.synthesize(text, signal)) chunks.push(chunk);
  return chunks;
}

function rms(mulaw: Uint8Array): number {
  const pcm = mulawDecode(mulaw);
  let sum = 0;
  for (const s of pcm) sum += s * s;
  return Math.sqrt(sum / Math.max(1, pcm.length));
}

export function describeTtsConformance(name: string, options: TtsConformanceOptions): void {
  const text = options.text ?? DEFAULT_TEXT;
  const abortSettleMs = options.abortSettleMs ?? 300;
  const never = new AbortController().signal;

  describe(`TTS conformance: ${name}`, () => {
    test('speaks headerless 8 kHz mu-law with sound in it', async () => {
      const provider = await options.makeProvider();
      const chunks = await collect(provider, text, never);
      expect(chunks.length).toBeGreaterThan(0);
      for (const chunk of chunks) {
        expect(chunk).toBeInstanceOf(Uint8Array);
        expect(chunk.length).toBeGreaterThan(0);
      }
      const audio = Buffer.concat(chunks);
      const magic = audio.subarray(0, 4).toString('latin1');
      expect(magic === 'RIFF' || magic === '.snd', `audio starts with a ${magic} header`).toBe(
        false,
      );
      expect(audio.length / 8, 'ms of audio for a whole sentence').toBeGreaterThan(250);
      expect(rms(audio), 'audio level (16-bit RMS)').toBeGreaterThan(100);
    });

    test('stops promptly when aborted mid-utterance', async () => {
      const provider = await options.makeProvider();
      const controller = new AbortController();
      const iterator = provider.synthesize(text, controller.signal)[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done).toBe(false);
      controller.abort();
      await expectStopsAfterAbort(iterator, abortSettleMs);
    });

    test('an already aborted signal yields no audio', async () => {
      const provider = await options.makeProvider();
      const iterator = provider.synthesize(text, AbortSignal.abort())[Symbol.asyncIterator]();
      const result = await settleWithin(iterator.next(), abortSettleMs);
      expect(result.kind).not.toBe('pending');
      if (result.kind === 'value') expect(result.value.done).toBe(true);
    });

    test('concurrent utterances do not interfere', async () => {
      const provider = await options.makeProvider();
      const [a, b] = await Promise.all([
        collect(provider, text, never),
        collect(provider, 'Goodbye.', never),
      ]);
      expect(Buffer.concat(a).length).toBeGreaterThan(Buffer.concat(b).length);
    });

    const makeFailing = options.makeFailingProvider;
    test.skipIf(!makeFailing)(
      'a provider that cannot work fails with a ProviderError',
      async () => {
        if (!makeFailing) return;
        const provider = await makeFailing();
        const error = await collect(provider, text, never).then(
          () => undefined,
          (e: unknown) => e,
        );
        expectFailure(error);
      },
    );
  });
}
