import { describe, expect, test } from 'vitest';
import { resample } from './resample.ts';

function tone(hz: number, rate: number, seconds: number, amplitude = 10000): Int16Array {
  const n = Math.round(rate * seconds);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
  return out;
}

/** Level of `y` relative to a sine of `amplitude`, in dB, ignoring 100 ms at each edge. */
function gainDb(y: Int16Array, amplitude: number, edge = 800): number {
  let sum = 0;
  for (let i = edge; i < y.length - edge; i++) sum += y[i] * y[i];
  const rms = Math.sqrt(sum / (y.length - 2 * edge));
  return 20 * Math.log10(rms / (amplitude / Math.SQRT2));
}

describe('resample is anti-aliased', () => {
  test.each([22050, 16000, 44100, 48000, 11025])(
    '%i Hz → 8 kHz: 1 kHz passes within ±1 dB, 5 kHz is ≥ 40 dB down',
    (rate) => {
      expect(Math.abs(gainDb(resample(tone(1000, rate, 1), rate, 8000), 10000))).toBeLessThan(1);
      expect(Math.abs(gainDb(resample(tone(3000, rate, 1), rate, 8000), 10000))).toBeLessThan(1);
      if (rate > 10000)
        expect(gainDb(resample(tone(5000, rate, 1), rate, 8000), 10000)).toBeLessThan(-40);
    },
  );

  test('content just above the new Nyquist (4.2–7 kHz) does not fold back', () => {
    for (const hz of [4200, 6000, 7000])
      expect(gainDb(resample(tone(hz, 22050, 1), 22050, 8000), 10000)).toBeLessThan(-40);
  });
});

describe('resample timing and shape', () => {
  test('output length is ceil(n × to / from)', () => {
    expect(resample(new Int16Array(22050), 22050, 8000).length).toBe(8000);
    expect(resample(new Int16Array(1001), 16000, 8000).length).toBe(501);
    expect(resample(new Int16Array(3), 8000, 48000).length).toBe(18);
    expect(resample(new Int16Array(0), 16000, 8000).length).toBe(0);
  });

  test('no delay: an onset at t stays at t', () => {
    // A 1 kHz burst that starts exactly at 0.25 s in 16 kHz audio.
    const input = new Int16Array(16000);
    for (let i = 4000; i < 16000; i++)
      input[i] = Math.round(10000 * Math.sin((2 * Math.PI * 1000 * (i - 4000)) / 16000));
    const out = resample(input, 16000, 8000);
    const firstLoud = out.findIndex((v) => Math.abs(v) > 1000);
    expect(Math.abs(firstLoud - 2000)).toBeLessThanOrEqual(1);
    // The symmetric kernel rings symmetrically around the onset and decays well before ±5 ms.
    expect(out.subarray(0, 1960).every((v) => Math.abs(v) < 30)).toBe(true);
  });

  test('Float32 input is normalized (-1..1) and clamped; same rate is a copy', () => {
    const f = Float32Array.of(0, 0.5, -0.5, 1, -1, 2);
    expect(Array.from(resample(f, 8000, 8000))).toEqual([0, 16384, -16384, 32767, -32768, 32767]);
    const i16 = Int16Array.of(1, 2, 3);
    const copy = resample(i16, 8000, 8000);
    expect(copy).not.toBe(i16);
    expect(Array.from(copy)).toEqual([1, 2, 3]);
    const fromFloat = resample(
      Float32Array.from(tone(1000, 16000, 0.5), (v) => v / 32768),
      16000,
      8000,
    );
    expect(Math.abs(gainDb(fromFloat, 10000, 400))).toBeLessThan(1);
  });

  test('DC and full-scale input stay in range', () => {
    const dc = new Int16Array(2000).fill(32767);
    const out = resample(dc, 16000, 8000);
    expect(out[500]).toBe(32767);
    const square = Int16Array.from({ length: 4410 }, (_, i) =>
      Math.floor(i / 10) % 2 ? 32767 : -32768,
    );
    const y = resample(square, 44100, 8000); // overshoot (Gibbs) must saturate, not wrap
    expect(y.every((v) => v >= -32768 && v <= 32767)).toBe(true);
  });

  test('rejects invalid rates', () => {
    expect(() => resample(new Int16Array(10), 0, 8000)).toThrow(/fromRate/);
    expect(() => resample(new Int16Array(10), 8000, 8000.5)).toThrow(/toRate/);
  });
});
