import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SAMPLE_RATE } from '../audio/constants.ts';
import { voicedExtent } from '../audio/level.ts';
import { loadVad, type Vad } from '../audio/vad.ts';
import { FLITE_VOICES, fliteArgs, FliteTts } from './flite.ts';

const PHRASE = 'Please call me back at five.';
const seconds = (pcm: Int16Array): number => pcm.length / SAMPLE_RATE;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('FliteTts', () => {
  let tts: FliteTts;
  let vad: Vad;
  beforeAll(async () => {
    // A small recycling budget so the tests below cross several worker replacements.
    tts = await FliteTts.create({ workers: 1, utterancesPerWorker: 6 });
    vad = (await loadVad()).create(1);
  });
  afterAll(async () => {
    await tts.close();
    vad.dispose();
  });

  test.each(FLITE_VOICES)(
    'voice %s speaks a short phrase: plausible length, VAD finds speech',
    async (voice) => {
      const pcm = await tts.synthesize(PHRASE, { voice, rate: 1 });
      expect(pcm).toBeInstanceOf(Int16Array);
      // Six words at a normal rate: 1.2–3.5 s including flite's leading and trailing pauses.
      expect(seconds(pcm)).toBeGreaterThan(1.2);
      expect(seconds(pcm)).toBeLessThan(3.5);
      const extent = voicedExtent(pcm, vad);
      expect(extent).not.toBeNull();
      expect((extent!.lastSample - extent!.firstSample) / SAMPLE_RATE).toBeGreaterThan(0.8);
    },
  );

  test('voices sound different (different audio for the same text)', async () => {
    const [slt, rms] = await Promise.all([
      tts.synthesize('hello', { voice: 'slt', rate: 1 }),
      tts.synthesize('hello', { voice: 'rms', rate: 1 }),
    ]);
    expect(Buffer.from(slt.buffer).equals(Buffer.from(rms.buffer))).toBe(false);
  });

  test('rate 0.8 is slower (longer) than 1, which is slower than 1.25', async () => {
    const text = 'The quick brown fox jumps over the lazy dog.';
    const [slow, normal, fast] = await Promise.all(
      [0.8, 1, 1.25].map((rate) => tts.synthesize(text, { voice: 'slt', rate })),
    );
    expect(slow.length).toBeGreaterThan(normal.length);
    expect(normal.length).toBeGreaterThan(fast.length);
    expect(slow.length / fast.length).toBeGreaterThan(1.3); // 1.25 / 0.8 = 1.56 in theory
    expect(fliteArgs(text, { voice: 'slt', rate: 0.8 })).toContain('duration_stretch=1.25');
  });

  test('pitchHz changes the audio but hardly its length', async () => {
    const [plain, high] = await Promise.all([
      tts.synthesize('hello there', { voice: 'kal', rate: 1 }),
      tts.synthesize('hello there', { voice: 'kal', rate: 1, pitchHz: 180 }),
    ]);
    expect(Math.abs(high.length / plain.length - 1)).toBeLessThan(0.05); // diphone joins shift a little
    expect(Buffer.from(high.buffer).equals(Buffer.from(plain.buffer))).toBe(false);
    expect(fliteArgs('x', { voice: 'kal', rate: 1, pitchHz: 180 })).toEqual(
      expect.arrayContaining(['--setf', 'int_f0_target_mean=180']),
    );
  });

  test('invalid settings are clear errors; empty text is empty audio', async () => {
    const unknown = await rejection(tts.synthesize('hi', { voice: 'alice', rate: 1 }));
    expect((unknown as Error).message).toBe(
      'unknown flite voice "alice": use one of slt, rms, awb, kal, kal16',
    );
    expect(
      ((await rejection(tts.synthesize('hi', { voice: 'kal', rate: 0 }))) as Error).message,
    ).toMatch(/rate must be a positive number/);
    expect(
      ((await rejection(tts.synthesize('hi', { voice: 'kal', rate: 1, pitchHz: -5 }))) as Error)
        .message,
    ).toMatch(/pitchHz/);
    expect((await tts.synthesize('   ', { voice: 'kal', rate: 1 })).length).toBe(0);
  });

  test('30 utterances in a row (5 worker replacements) all succeed, deterministically', async () => {
    const lengths: number[] = [];
    for (let i = 0; i < 30; i++)
      lengths.push((await tts.synthesize(`code ${i % 3}`, { voice: 'kal', rate: 1 })).length);
    for (let i = 3; i < 30; i++) expect(lengths[i]).toBe(lengths[i % 3]);
  });

  test('concurrent requests queue across workers and each gets its own audio', async () => {
    const texts = Array.from(
      { length: 10 },
      (_, i) =>
        `${'one two three four five'
          .split(' ')
          .slice(0, (i % 5) + 1)
          .join(' ')}`,
    );
    const alone: Int16Array[] = [];
    for (const text of texts.slice(0, 5))
      alone.push(await tts.synthesize(text, { voice: 'kal', rate: 1 }));
    const together = await Promise.all(
      texts.map((text) => tts.synthesize(text, { voice: 'kal', rate: 1 })),
    );
    together.forEach((pcm, i) => expect(Array.from(pcm)).toEqual(Array.from(alone[i % 5])));
  });

  test('abort: an aborted signal rejects at once; queued requests are dropped, others complete', async () => {
    const before = new AbortController();
    before.abort();
    const early = await rejection(tts.synthesize('hi', { voice: 'kal', rate: 1 }, before.signal));
    expect(early).toMatchObject({ name: 'AbortError' });

    const controller = new AbortController();
    const first = tts.synthesize('first in line', { voice: 'slt', rate: 1 });
    const queued = tts.synthesize(
      'this one is cancelled',
      { voice: 'slt', rate: 1 },
      controller.signal,
    );
    const last = tts.synthesize('last in line', { voice: 'kal', rate: 1 });
    controller.abort(new Error('caller hung up'));
    const error = await rejection(queued);
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'AbortError', cause: new Error('caller hung up') });
    expect((await first).length).toBeGreaterThan(0);
    expect((await last).length).toBeGreaterThan(0);
  });

  test('abort while synthesizing rejects without waiting for the worker', async () => {
    const controller = new AbortController();
    const running = tts.synthesize(
      'a rather long sentence that takes flite a while to speak out loud',
      { voice: 'slt', rate: 0.6 },
      controller.signal,
    );
    // synthesize() hands the request to the idle worker synchronously, so it is running now.
    let settledWith: unknown = 'not settled';
    running.then(
      () => (settledWith = 'resolved'),
      (error: unknown) => (settledWith = error),
    );
    controller.abort();
    await Promise.resolve(); // one microtask: long before flite (~100 ms) could have finished
    expect(settledWith).toMatchObject({ name: 'AbortError' });
    // The engine stays usable.
    expect((await tts.synthesize('still here', { voice: 'kal', rate: 1 })).length).toBeGreaterThan(
      0,
    );
  });
});

describe('FliteTts lifecycle', () => {
  test('close rejects queued work and later calls; options are validated', async () => {
    const tts = await FliteTts.create();
    const running = tts.synthesize('one', { voice: 'kal', rate: 1 });
    const queued = rejection(tts.synthesize('two', { voice: 'kal', rate: 1 }));
    running.catch(() => {}); // may finish or be cut off by close()
    await tts.close();
    expect(await queued).toMatchObject({ message: 'the text-to-speech engine was closed' });
    expect(
      ((await rejection(tts.synthesize('three', { voice: 'kal', rate: 1 }))) as Error).message,
    ).toMatch(/after close/);
    await tts.close(); // twice is fine
    await expect(FliteTts.create({ workers: 0 })).rejects.toThrow(/workers/);
    await expect(FliteTts.create({ utterancesPerWorker: 1.5 })).rejects.toThrow(
      /utterancesPerWorker/,
    );
  });

  test('two workers share the queue', async () => {
    const tts = await FliteTts.create({ workers: 2, utterancesPerWorker: 3 });
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          tts.synthesize(`number ${i}`, { voice: 'kal16', rate: 1 }),
        ),
      );
      expect(results.every((pcm) => pcm.length > 4000)).toBe(true);
    } finally {
      await tts.close();
    }
  });
});
