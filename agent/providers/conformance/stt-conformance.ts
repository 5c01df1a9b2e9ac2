/**
 * What every SttProvider must do, embedded or cloud: call `describeSttConformance` from a test
 * file with a factory for the provider and a short recording it should recognize (mu-law 8 kHz,
 * speech then enough silence for an endpoint). Audio is pushed in real time, as Twilio does, so
 * each test takes about as long as the recording.
 */
import { describe, expect, test } from 'vitest';
import { readAll, readUntil } from '../testing/async-iteration.ts';
import { pushInRealTime } from '../testing/realtime-audio.ts';
import type { SttContext, SttEvent, SttProvider, SttStream } from '../types.ts';
import { expectFailure } from './settle.ts';

export interface SttConformanceOptions {
  makeProvider: () => SttProvider | Promise<SttProvider>;
  /** A provider that cannot work: open() must reject with a ProviderError or the events must report a fatal error. */
  makeFailingProvider?: () => SttProvider | Promise<SttProvider>;
  audio: Uint8Array;
  context?: SttContext;
  /** What the final transcript must match (omit for fakes that ignore the audio). */
  expectedText?: RegExp;
  /** The end-of-turn final must come within this long after the audio ends. */
  finalWithinMs?: number;
}

const isEndOfTurn = (e: SttEvent) => e.type === 'final' && e.endOfTurn;

export function describeSttConformance(name: string, options: SttConformanceOptions): void {
  const context: SttContext = options.context ?? { expectation: 'free' };
  const audioMs = options.audio.length / 8;
  const finalWithinMs = options.finalWithinMs ?? 3000;
  const never = new AbortController().signal;

  describe(`STT conformance: ${name}`, () => {
    test(
      'recognizes a turn: speech_started, then a final with consistent audio times',
      { timeout: audioMs + finalWithinMs + 10_000 },
      async () => {
        const provider = await options.makeProvider();
        const stream = await provider.open(context, never);
        const events = stream.events[Symbol.asyncIterator]();
        const pushing = pushInRealTime((frame) => stream.push(frame), options.audio);
        const { items, timedOut } = await readUntil(events, isEndOfTurn, audioMs + finalWithinMs);
        await pushing;
        await stream.close();
        expect(
          timedOut,
          `no end-of-turn final within ${finalWithinMs} ms after the audio; got ${JSON.stringify(items)}`,
        ).toBe(false);
        expect(items.filter((e) => e.type === 'error' && e.fatal)).toEqual([]);
        const started = items.findIndex((e) => e.type === 'speech_started');
        const final = items.at(-1);
        if (final?.type !== 'final') throw new Error('the last event is not a final');
        expect(started, 'speech_started comes before the final').toBeGreaterThanOrEqual(0);
        expect(started).toBeLessThan(items.length - 1);
        if (options.expectedText) expect(final.text).toMatch(options.expectedText);
        expect(final.speechEndAudioMs).toBeGreaterThan(0);
        expect(final.speechEndAudioMs).toBeLessThanOrEqual(final.atAudioMs);
        expect(final.atAudioMs).toBeLessThanOrEqual(audioMs);
        for (const event of items) {
          if (event.type === 'partial' || event.type === 'speech_started')
            expect(event.atAudioMs).toBeLessThanOrEqual(final.atAudioMs);
        }
      },
    );

    test('close() ends the events, without audio too', async () => {
      const provider = await options.makeProvider();
      const stream = await provider.open(context, never);
      stream.setContext({ expectation: 'yes_no' });
      await stream.close();
      const { items, ended } = await readAll(stream.events, 3000);
      expect(ended).toBe(true);
      expect(items.filter((e) => e.type === 'error')).toEqual([]);
    });

    test('abort ends the events promptly, without a fatal error', async () => {
      const provider = await options.makeProvider();
      const controller = new AbortController();
      const stream = await provider.open(context, controller.signal);
      const pushing = pushInRealTime(
        (frame) => stream.push(frame),
        options.audio.subarray(0, 8 * 300),
        controller.signal,
      );
      await pushing;
      controller.abort();
      const { items, ended } = await readAll(stream.events, 500);
      expect(ended).toBe(true);
      expect(items.filter((e) => e.type === 'error' && e.fatal)).toEqual([]);
      await stream.close();
    });

    const makeFailing = options.makeFailingProvider;
    test.skipIf(!makeFailing)(
      'a provider that cannot work says so (rejected open or a fatal error event)',
      async () => {
        if (!makeFailing) return;
        const provider = await makeFailing();
        let stream: SttStream;
        try {
          stream = await provider.open(context, never);
        } catch (error) {
          expectFailure(error);
          return;
        }
        const { items, ended } = await readAll(stream.events, 5000);
        expect(ended).toBe(true);
        expect(items.some((e) => e.type === 'error' && e.fatal)).toBe(true);
      },
    );
  });
}
