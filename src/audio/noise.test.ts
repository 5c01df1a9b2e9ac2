import { describe, expect, test } from 'vitest';
import { rmsDbfs } from './level.ts';
import { lineNoise, mixInto } from './noise.ts';

/** Mean power near `hz` (Hann-windowed Goertzel over 1024-sample blocks, averaged over the signal). */
function powerAt(x: Int16Array, hz: number): number {
  const block = 1024;
  const hann = Float64Array.from(
    { length: block },
    (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / block),
  );
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let total = 0;
  let blocks = 0;
  for (let start = 0; start + block <= x.length; start += block) {
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < block; i++) {
      const s0 = x[start + i] * hann[i] + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    total += s1 * s1 + s2 * s2 - coeff * s1 * s2;
    blocks++;
  }
  return total / blocks;
}
const db = (ratio: number): number => 10 * Math.log10(ratio);

describe('lineNoise', () => {
  test('has the requested RMS level', () => {
    for (const level of [-70, -55, -40, -20])
      expect(rmsDbfs(lineNoise(8000, level, 3))).toBeCloseTo(level, 1);
  });

  test('is deterministic per seed and differs between seeds', () => {
    expect(Array.from(lineNoise(1000, -50, 9))).toEqual(Array.from(lineNoise(1000, -50, 9)));
    expect(Array.from(lineNoise(1000, -50, 9))).not.toEqual(Array.from(lineNoise(1000, -50, 10)));
    expect(lineNoise(0, -50).length).toBe(0);
    expect(() => lineNoise(-1, -50)).toThrow(RangeError);
  });

  test('is band-limited to the telephone band and falls with frequency', () => {
    const x = lineNoise(8000 * 20, -30, 5);
    const at = (hz: number): number => powerAt(x, hz);
    expect(db(at(60) / at(500))).toBeLessThan(-30); // hum region cut by the 300 Hz high-pass
    expect(db(at(3900) / at(1000))).toBeLessThan(-10); // above the 3.4 kHz edge
    expect(db(at(2000) / at(500))).toBeLessThan(-3); // pink-ish: less energy up the band
    expect(db(at(2000) / at(500))).toBeGreaterThan(-12);
  });
});

describe('mixInto', () => {
  test('adds at the offset and saturates instead of wrapping', () => {
    const target = Int16Array.of(0, 10, 30000, -30000, 5);
    mixInto(target, Int16Array.of(1, 10000, -10000, 7), 1);
    expect(Array.from(target)).toEqual([0, 11, 32767, -32768, 12]);
  });

  test('ignores the parts of the source outside the target', () => {
    const target = new Int16Array(3);
    mixInto(target, Int16Array.of(1, 2, 3, 4), 2);
    expect(Array.from(target)).toEqual([0, 0, 1]);
    mixInto(target, Int16Array.of(5, 6), -1);
    expect(Array.from(target)).toEqual([6, 0, 1]);
    mixInto(target, Int16Array.of(5), 10);
    expect(Array.from(target)).toEqual([6, 0, 1]);
  });
});
