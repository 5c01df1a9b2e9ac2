/**
 * Line noise: what a real phone line carries when nobody speaks. Pink-ish (falling with
 * frequency, like the hiss and hum of an analogue loop) and band-limited to the telephone
 * passband (≈300–3400 Hz), at an exact RMS level, and reproducible from a seed.
 */
import { SAMPLE_RATE } from './constants.ts';
import { dbfsToAmplitude } from './level.ts';
import { mulberry32 } from './prng.ts';

/** A second-order (biquad) section, RBJ cookbook coefficients, normalized by a0. */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export function biquad(kind: 'lowpass' | 'highpass', cutoffHz: number, q = Math.SQRT1_2): Biquad {
  const w0 = (2 * Math.PI * cutoffHz) / SAMPLE_RATE;
  const alpha = Math.sin(w0) / (2 * q);
  const cos = Math.cos(w0);
  const a0 = 1 + alpha;
  const b1 = kind === 'lowpass' ? 1 - cos : -(1 + cos);
  const b0 = kind === 'lowpass' ? (1 - cos) / 2 : (1 + cos) / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** Filters `x` in place (direct form I). */
export function applyBiquad(x: Float64Array, f: Biquad): void {
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i];
    const y0 = f.b0 * x0 + f.b1 * x1 + f.b2 * x2 - f.a1 * y1 - f.a2 * y2;
    x2 = x1;
    x1 = x0;
    y2 = y1;
    y1 = y0;
    x[i] = y0;
  }
}

export const TELEPHONE_BAND = [
  biquad('highpass', 300),
  biquad('highpass', 300),
  biquad('lowpass', 3400),
  biquad('lowpass', 3400),
];

/**
 * `durationSamples` of 8 kHz line noise whose RMS is `dbfs` (see level.ts for the reference).
 * The same seed always gives the same samples.
 */
export function lineNoise(durationSamples: number, dbfs: number, seed = 1): Int16Array {
  if (!Number.isInteger(durationSamples) || durationSamples < 0)
    throw new RangeError(
      `lineNoise: durationSamples must be a whole number ≥ 0, got ${durationSamples}`,
    );
  const random = mulberry32(seed);
  // Filter warm-up: run the filters on extra samples first so the output starts in steady state.
  const warmup = 1024;
  const x = new Float64Array(durationSamples + warmup);
  // Paul Kellet's economy pink filter: -3 dB/octave within ±0.5 dB over the audio band.
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  for (let i = 0; i < x.length; i++) {
    const white = random() * 2 - 1;
    b0 = 0.99765 * b0 + white * 0.099046;
    b1 = 0.963 * b1 + white * 0.2965164;
    b2 = 0.57 * b2 + white * 1.0526913;
    x[i] = b0 + b1 + b2 + white * 0.1848;
  }
  for (const section of TELEPHONE_BAND) applyBiquad(x, section);

  let sumSquares = 0;
  for (let i = warmup; i < x.length; i++) sumSquares += x[i] * x[i];
  const out = new Int16Array(durationSamples);
  if (durationSamples === 0 || sumSquares === 0) return out;
  const gain = dbfsToAmplitude(dbfs) / Math.sqrt(sumSquares / durationSamples);
  for (let i = 0; i < durationSamples; i++) {
    const v = Math.round(x[i + warmup] * gain);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/**
 * Adds `source` into `target` starting at target index `offset`, saturating at the 16-bit
 * limits. Parts of `source` that fall outside `target` are ignored.
 */
export function mixInto(target: Int16Array, source: Int16Array, offset: number): void {
  const from = Math.max(0, -offset);
  const to = Math.min(source.length, target.length - offset);
  for (let i = from; i < to; i++) {
    const v = target[offset + i] + source[i];
    target[offset + i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
}
