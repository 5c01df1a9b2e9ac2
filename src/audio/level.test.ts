import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import { FRAME_SAMPLES } from './constants.ts';
import { AUDIBLE_THRESHOLD_DBFS, dbfsToAmplitude, rmsDbfs, voicedExtent } from './level.ts';
import { loadVad, type Vad } from './vad.ts';
import { readWavAs8kMono } from './wav.ts';

describe('levels', () => {
  test('rmsDbfs: full-scale square = 0 dBFS, sine = -3.01, silence = -Infinity', () => {
    expect(
      rmsDbfs(Int16Array.from({ length: 800 }, (_, i) => (i % 2 ? 32767 : -32768))),
    ).toBeCloseTo(0, 3);
    const sine = Int16Array.from({ length: 8000 }, (_, i) =>
      Math.round(32767 * Math.sin((2 * Math.PI * 1000 * i) / 8000)),
    );
    expect(rmsDbfs(sine)).toBeCloseTo(-3.01, 2);
    expect(rmsDbfs(new Int16Array(100))).toBe(-Infinity);
    expect(rmsDbfs(new Int16Array(0))).toBe(-Infinity);
  });

  test('rmsDbfs measures only [start, end)', () => {
    const x = new Int16Array(300);
    x.fill(3277, 100, 200); // 0.1 of full scale = -20 dBFS
    expect(rmsDbfs(x, 100, 200)).toBeCloseTo(-20, 2);
    expect(rmsDbfs(x, 0, 100)).toBe(-Infinity);
    expect(rmsDbfs(x, 150, 250)).toBeCloseTo(-23.01, 2); // half the range at -20 dBFS: half the power
  });

  test('dbfsToAmplitude inverts rmsDbfs; the audible threshold is amplitude 260', () => {
    expect(dbfsToAmplitude(0)).toBe(32768);
    expect(dbfsToAmplitude(-20)).toBeCloseTo(3276.8, 6);
    expect(Math.round(dbfsToAmplitude(AUDIBLE_THRESHOLD_DBFS))).toBe(260); // 260.29
  });
});

/** A VAD that calls exactly the listed frame indices speech (counting frames since the last reset). */
function scriptedVad(
  speechFrames: Iterable<number>,
): Vad & { frameLengths: number[]; resets: number } {
  const speech = new Set(speechFrames);
  let index = 0;
  return {
    frameLengths: [],
    resets: 0,
    isSpeech(frame: Int16Array) {
      this.frameLengths.push(frame.length);
      return speech.has(index++);
    },
    reset() {
      index = 0;
      this.resets++;
    },
    dispose: vi.fn(),
  };
}

/** `totalFrames` frames of zeros with `value` written over [from, to). */
function signal(
  totalFrames: number,
  ...spans: [from: number, to: number, value: number][]
): Int16Array {
  const x = new Int16Array(totalFrames * FRAME_SAMPLES);
  for (const [from, to, value] of spans) x.fill(value, from, to);
  return x;
}

describe('voicedExtent (exact sample indices)', () => {
  test('finds the first and last audible sample inside the VAD speech region', () => {
    // Audible from sample 837 (frame 5) to 1540 (frame 9); quiet hangover after.
    const x = signal(20, [837, 1541, 300], [1541, 2400, 100]);
    const vad = scriptedVad([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(voicedExtent(x, vad)).toEqual({ firstSample: 837, lastSample: 1540 });
    expect(vad.frameLengths).toEqual(new Array(20).fill(FRAME_SAMPLES));
  });

  test('an onset one frame before the VAD triggers is found by the margin', () => {
    // Frame 4 holds only 10 audible samples: too quiet (RMS) to extend the region, but within the margin.
    const x = signal(20, [4 * 160 + 150, 10 * 160, -500]);
    expect(voicedExtent(x, scriptedVad([5, 6, 7, 8, 9]))).toEqual({
      firstSample: 790,
      lastSample: 1599,
    });
    // Sparse peaks two frames out are outside the margin unless it is widened.
    const y = signal(20, [3 * 160 + 150, 3 * 160 + 151, 400], [4 * 160 + 155, 10 * 160, 400]);
    expect(voicedExtent(y, scriptedVad([5, 6, 7, 8, 9]))).toEqual({
      firstSample: 795,
      lastSample: 1599,
    });
    expect(voicedExtent(y, scriptedVad([5, 6, 7, 8, 9]), { marginFrames: 2 })).toEqual({
      firstSample: 630,
      lastSample: 1599,
    });
  });

  test('the region grows over adjacent loud frames the VAD missed (soft fricative onsets and endings)', () => {
    // "sound" the VAD missed: frames 2–4 and 10–12 at an RMS of 300 (> 260), the VAD only saw 5–9.
    const x = signal(20, [2 * 160 + 3, 13 * 160 - 7, 300]);
    const vad = (): Vad => scriptedVad([5, 6, 7, 8, 9]);
    expect(voicedExtent(x, vad())).toEqual({ firstSample: 323, lastSample: 2072 });
    // Growth is bounded: at most 1 frame each side here, then the 1-frame margin.
    expect(voicedExtent(x, vad(), { maxExtendFrames: 1 })).toEqual({
      firstSample: 480,
      lastSample: 1919,
    });
    expect(voicedExtent(x, vad(), { maxExtendFrames: 0 })).toEqual({
      firstSample: 640,
      lastSample: 1759,
    });
    // Quiet frames stop the growth even when a louder frame lies beyond them.
    const y = signal(20, [1 * 160, 2 * 160, 3000], [4 * 160, 10 * 160, 300]);
    expect(voicedExtent(y, vad())).toEqual({ firstSample: 640, lastSample: 1599 });
  });

  test('audible clicks outside the region (plus margin) do not count', () => {
    const x = signal(30, [100, 101, 20000], [1000, 1200, 400], [4000, 4001, -20000]);
    expect(voicedExtent(x, scriptedVad([6, 7]))).toEqual({ firstSample: 1000, lastSample: 1199 });
  });

  test('the threshold is inclusive at 260 and applies to negative samples too', () => {
    const x = signal(10, [800, 801, 259], [805, 806, -260], [900, 901, 260], [950, 951, -259]);
    expect(voicedExtent(x, scriptedVad([5]))).toEqual({ firstSample: 805, lastSample: 900 });
    // A custom threshold: -60 dBFS = 33.
    const y = signal(10, [810, 811, 33], [820, 821, 32]);
    expect(voicedExtent(y, scriptedVad([5]), { thresholdDbfs: -60 })).toEqual({
      firstSample: 810,
      lastSample: 810,
    });
  });

  test('a clip that ends mid-frame: the tail frame is zero padded, indices stay in range', () => {
    const x = new Int16Array(3 * 160 + 37);
    x.fill(1000, 3 * 160, 3 * 160 + 37);
    const vad = scriptedVad([3]);
    expect(voicedExtent(x, vad)).toEqual({ firstSample: 480, lastSample: 516 });
    expect(vad.frameLengths).toEqual([160, 160, 160, 160]);
  });

  test('speech in the first and last frame (margin clipped to the clip)', () => {
    const x = signal(3, [0, 480, 500]);
    expect(voicedExtent(x, scriptedVad([0, 1, 2]))).toEqual({ firstSample: 0, lastSample: 479 });
  });

  test('null when the VAD finds no speech, or the speech never reaches the threshold', () => {
    expect(voicedExtent(signal(10, [0, 1600, 5000]), scriptedVad([]))).toBeNull();
    expect(voicedExtent(signal(10, [0, 1600, 200]), scriptedVad([2, 3]))).toBeNull();
    expect(voicedExtent(new Int16Array(0), scriptedVad([0]))).toBeNull();
  });

  test('resets the VAD before and after, so earlier use does not leak in', () => {
    const vad = scriptedVad([1]);
    vad.isSpeech(new Int16Array(160)); // advance the script: without a reset frame 1 would be missed
    const x = signal(4, [200, 260, 1000]);
    expect(voicedExtent(x, vad)).toEqual({ firstSample: 200, lastSample: 259 });
    expect(vad.resets).toBe(2);
  });
});

const FSDD = '/work/shared/data/fsdd';
describe.skipIf(!existsSync(FSDD))(
  'voicedExtent on real speech (skipped: /work/shared/data/fsdd absent)',
  () => {
    const fsdd = (): { name: string; clip: Int16Array }[] =>
      readdirSync(FSDD)
        .filter((n) => n.endsWith('.wav'))
        .sort()
        .map((name) => ({
          name,
          clip: readWavAs8kMono(readFileSync(`${FSDD}/${name}`), name).samples,
        }));

    /** First and last index with |x| ≥ 260 (the -42 dBFS threshold), by hand. */
    function audibleSpan(x: Int16Array): [number, number] {
      let first = -1;
      let last = -1;
      for (let i = 0; i < x.length; i++) {
        if (Math.abs(x[i]) >= 260) {
          if (first < 0) first = i;
          last = i;
        }
      }
      return [first, last];
    }

    test('speech cut out with hard edges at known samples is located to the sample', async () => {
      const vad = (await loadVad()).create(1);
      const clips = fsdd().filter((_, i) => i % 30 === 0);
      for (const { name, clip } of clips) {
        // The loudest 250 ms of the word, with abrupt edges, placed at an offset that is not frame aligned.
        const window = 2000;
        let best = 0;
        let bestEnergy = -1;
        for (let start = 0; start + window <= clip.length; start += 80) {
          let energy = 0;
          for (let i = start; i < start + window; i++) energy += clip[i] * clip[i];
          if (energy > bestEnergy) [best, bestEnergy] = [start, energy];
        }
        const offset = 3000 + (best % 160) + 7;
        const x = new Int16Array(offset + window + 3000);
        x.set(clip.subarray(best, best + window), offset);
        const [first, last] = audibleSpan(x);
        expect(last - first, name).toBeGreaterThan(window - 100); // the edges really are loud speech
        expect(voicedExtent(x, vad), name).toEqual({ firstSample: first, lastSample: last });
      }
      vad.dispose();
    });

    test('whole FSDD digits in silence: within the audible span, and exact for nearly all', async () => {
      const vad = (await loadVad()).create(1);
      const clips = fsdd();
      expect(clips.length).toBeGreaterThan(100);
      const offset = 2477; // 310 ms of silence before, not frame aligned
      let exact = 0;
      for (const { name, clip } of clips) {
        const x = new Int16Array(offset + clip.length + 4000);
        x.set(clip, offset);
        const [first, last] = audibleSpan(clip);
        const extent = voicedExtent(x, vad);
        expect(extent, name).not.toBeNull();
        expect(extent!.firstSample - offset, name).toBeGreaterThanOrEqual(first);
        expect(extent!.lastSample - offset, name).toBeLessThanOrEqual(last);
        if (extent!.firstSample - offset === first && extent!.lastSample - offset === last) exact++;
      }
      // 292 of 300 today; the rest start with a click before the word or end in a faint tail.
      expect(exact).toBeGreaterThanOrEqual(Math.floor(clips.length * 0.95));
      vad.dispose();
    });
  },
);
