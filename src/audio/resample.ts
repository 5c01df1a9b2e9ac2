/**
 * Band-limited sample-rate conversion: a polyphase windowed-sinc (Kaiser) filter.
 *
 * Getting to 8 kHz from 16/22.05/44.1 kHz needs a real low-pass: content between 4 kHz and the
 * source Nyquist would otherwise fold back into the telephone band as audible, recognizer-
 * confusing aliases (linear or point interpolation leaves a 5 kHz tone at -1.5 dB). The filter
 * cuts at 0.45 × the lower rate (3.6 kHz for 8 kHz), flat to ~3.2 kHz, ≥ 70 dB down from
 * 0.5 × the lower rate. The kernel is symmetric, so the output has no delay: a sound that starts
 * at t seconds in the input starts at t seconds in the output (latency metrics rely on this).
 *
 * Phases are precomputed per (fromRate, toRate) pair and cached, so converting many clips at the
 * same rates costs only the multiply-adds.
 */

const CUTOFF_OF_MIN_RATE = 0.45;
/** Transition band width as a fraction of the lower rate: pass to 0.40, stop from 0.50. */
const TRANSITION_OF_MIN_RATE = 0.1;
const STOPBAND_ATTENUATION_DB = 75;
/** Above this many phases, positions are rounded to the nearest of this many (error < 1e-3 sample). */
const MAX_PHASES = 1024;

interface Kernel {
  up: number; // L: phases per input sample (output positions fall on multiples of 1/L)
  down: number; // M: how far each output sample advances the input position, in units of 1/L
  taps: number; // coefficients per phase (= 2 × half width)
  halfWidth: number; // taps either side of the output position, in input samples
  coefficients: Float32Array; // phase-major: [phase * taps + m]
}

const kernelCache = new Map<string, Kernel>();

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function buildKernel(fromRate: number, toRate: number): Kernel {
  const g = gcd(fromRate, toRate);
  let up = toRate / g;
  let down = fromRate / g;
  if (up > MAX_PHASES) {
    // Irregular ratios: quantize output positions to 1/MAX_PHASES of an input sample.
    down = Math.round((down * MAX_PHASES) / up);
    up = MAX_PHASES;
  }
  const minRate = Math.min(fromRate, toRate);
  // Frequencies relative to the INPUT rate: the filter runs on input samples.
  const cutoff = (CUTOFF_OF_MIN_RATE * minRate) / fromRate; // cycles per input sample
  const transition = (TRANSITION_OF_MIN_RATE * minRate) / fromRate;
  const a = STOPBAND_ATTENUATION_DB;
  const beta = 0.1102 * (a - 8.7);
  // Kaiser's estimate of the filter length for this attenuation and transition width.
  const length = Math.ceil((a - 8) / (2.285 * 2 * Math.PI * transition)) + 1;
  const halfWidth = Math.max(2, Math.ceil(length / 2));
  const taps = 2 * halfWidth;
  const coefficients = new Float32Array(up * taps);
  const i0Beta = besselI0(beta);
  for (let phase = 0; phase < up; phase++) {
    const frac = phase / up; // output position = input index i + frac
    let sum = 0;
    for (let m = 0; m < taps; m++) {
      // Tap m multiplies input sample i - halfWidth + 1 + m; its distance from the output position:
      const t = frac + halfWidth - 1 - m;
      const r = t / halfWidth;
      const window = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
      const x = 2 * cutoff * t;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const h = 2 * cutoff * sinc * window;
      coefficients[phase * taps + m] = h;
      sum += h;
    }
    // Unity gain at DC for every phase (removes a tiny phase-dependent ripple).
    for (let m = 0; m < taps; m++) coefficients[phase * taps + m] /= sum;
  }
  return { up, down, taps, halfWidth, coefficients };
}

function kernelFor(fromRate: number, toRate: number): Kernel {
  const key = `${fromRate}>${toRate}`;
  let kernel = kernelCache.get(key);
  if (!kernel) {
    kernel = buildKernel(fromRate, toRate);
    kernelCache.set(key, kernel);
  }
  return kernel;
}

function checkRate(rate: number, which: string): void {
  if (!Number.isInteger(rate) || rate <= 0)
    throw new RangeError(`resample: ${which} must be a positive whole number of Hz, got ${rate}`);
}

/**
 * Converts `samples` from `fromRate` to `toRate` Hz. Int16Array input is in 16-bit units;
 * Float32Array input is normalized float PCM (-1..1, as in float WAV files) and is scaled by
 * 32768. The result is rounded and clamped to 16 bits; its length is ceil(n × toRate / fromRate).
 */
export function resample(
  samples: Int16Array | Float32Array,
  fromRate: number,
  toRate: number,
): Int16Array {
  checkRate(fromRate, 'fromRate');
  checkRate(toRate, 'toRate');
  const scale = samples instanceof Float32Array ? 32768 : 1;
  if (fromRate === toRate) return toInt16(samples, scale);

  const { up, down, taps, halfWidth, coefficients } = kernelFor(fromRate, toRate);
  const n = samples.length;
  // Zero padding on both sides keeps bounds checks out of the inner loop.
  const padded = new Float32Array(n + 2 * halfWidth);
  for (let i = 0; i < n; i++) padded[i + halfWidth] = samples[i] * scale;

  const outLength = Math.ceil((n * up) / down);
  const out = new Int16Array(outLength);
  // Position of output k in input samples is (k × down) / up = index + phase / up.
  let index = 0;
  let phase = 0;
  for (let k = 0; k < outLength; k++) {
    // First tap multiplies input index - halfWidth + 1, which is padded index + 1.
    const base = index + 1;
    const c = phase * taps;
    // Four independent partial sums let the CPU overlap the multiply-adds (taps is even; see buildKernel).
    let acc0 = 0;
    let acc1 = 0;
    let acc2 = 0;
    let acc3 = 0;
    let m = 0;
    for (; m + 3 < taps; m += 4) {
      acc0 += padded[base + m] * coefficients[c + m];
      acc1 += padded[base + m + 1] * coefficients[c + m + 1];
      acc2 += padded[base + m + 2] * coefficients[c + m + 2];
      acc3 += padded[base + m + 3] * coefficients[c + m + 3];
    }
    for (; m < taps; m++) acc0 += padded[base + m] * coefficients[c + m];
    const v = Math.round(acc0 + acc1 + acc2 + acc3);
    out[k] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    phase += down;
    if (phase >= up) {
      const advance = Math.floor(phase / up);
      index += advance;
      phase -= advance * up;
    }
  }
  return out;
}

function toInt16(samples: Int16Array | Float32Array, scale: number): Int16Array {
  if (scale === 1) return Int16Array.from(samples);
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i] * scale);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}
