/**
 * Background noise at the caller's end, picked up by the microphone with the speech. Every kind
 * is generated here, reproducibly from a seed (no clips to license), then scaled to an exact RMS:
 *
 * - `white`: flat-spectrum hiss (a cheap microphone preamp, wind-free open air).
 * - `babble`: other people talking — `talkers` (synthesized sentences in several voices), laid
 *   end to end with random pauses in six overlapping streams at random gains: the speech-shaped,
 *   intelligible-in-places noise that confuses recognizers most.
 * - `street`: traffic — a brown-noise rumble (engines, road) plus passing vehicles (tyre noise
 *   in the 300–1500 Hz band swelling and fading over 2–5 s, every 3–8 s).
 * - `cafe`: a crowded room — babble from eight streams plus cup-and-cutlery clatter (short
 *   decaying 2–4 kHz rings, about 1.5 per second).
 * - `office`: ventilation (low-passed pink noise, steady), keyboard typing (5 ms clicks at 6–9 per
 *   second in runs of 1–4 s) and two distant talkers 12 dB down.
 */
import { SAMPLE_RATE } from '../constants.ts';
import { dbfsToAmplitude } from '../level.ts';
import { applyBiquad, biquad } from '../noise.ts';
import { mulberry32 } from '../prng.ts';

export const NOISE_KINDS = ['white', 'babble', 'street', 'cafe', 'office'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

/** Kinds that need talkers (synthesized speech) to be generated. */
export function needsTalkers(kind: NoiseKind): boolean {
  return kind === 'babble' || kind === 'cafe' || kind === 'office';
}

/** Raw (unscaled) noise of `kind`, `samples` long. */
export function generateNoise(
  kind: NoiseKind,
  samples: number,
  seed: number,
  talkers: readonly Int16Array[] = [],
): Float64Array {
  const random = mulberry32(seed);
  switch (kind) {
    case 'white':
      return Float64Array.from({ length: samples }, () => random() * 2 - 1);
    case 'babble':
      return babble(samples, 6, random, talkers);
    case 'street':
      return street(samples, random);
    case 'cafe':
      return add(babble(samples, 8, random, talkers), clatter(samples, random), 0.6);
    case 'office':
      return add(
        add(ventilation(samples, random), typing(samples, random), 0.8),
        babble(samples, 2, random, talkers),
        0.25,
      );
  }
}

/** `noise` scaled to an RMS of `dbfs`, as 16-bit samples (saturating). */
export function scaleToLevel(noise: Float64Array, dbfs: number): Int16Array {
  let sum = 0;
  for (const v of noise) sum += v * v;
  const out = new Int16Array(noise.length);
  if (sum === 0) return out;
  const gain = dbfsToAmplitude(dbfs) / Math.sqrt(sum / noise.length);
  for (let i = 0; i < noise.length; i++) {
    const v = Math.round(noise[i] * gain);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

function add(a: Float64Array, b: Float64Array, bWeight: number): Float64Array {
  const rms = (x: Float64Array): number =>
    Math.sqrt(x.reduce((s, v) => s + v * v, 0) / Math.max(1, x.length)) || 1;
  const scale = (bWeight * rms(a)) / rms(b);
  for (let i = 0; i < a.length; i++) a[i] += b[i] * scale;
  return a;
}

function babble(
  samples: number,
  streams: number,
  random: () => number,
  talkers: readonly Int16Array[],
): Float64Array {
  const out = new Float64Array(samples);
  const usable = talkers.filter((t) => t.length > 0);
  if (usable.length === 0) throw new Error('babble noise needs synthesized talkers');
  for (let s = 0; s < streams; s++) {
    const gain = 10 ** ((random() * 6 - 3) / 20);
    let at = -Math.floor(random() * SAMPLE_RATE * 2); // streams start mid-sentence
    while (at < samples) {
      const clip = usable[Math.floor(random() * usable.length)];
      for (let i = 0; i < clip.length; i++) {
        const t = at + i;
        if (t >= 0 && t < samples) out[t] += clip[i] * gain;
      }
      at += clip.length + Math.floor(random() * SAMPLE_RATE * 0.6);
    }
  }
  return out;
}

function brown(samples: number, random: () => number, leak: number): Float64Array {
  const out = new Float64Array(samples);
  let y = 0;
  for (let i = 0; i < samples; i++) {
    y = leak * y + (random() * 2 - 1);
    out[i] = y;
  }
  return out;
}

function street(samples: number, random: () => number): Float64Array {
  const rumble = brown(samples, random, 0.995);
  applyBiquad(rumble, biquad('highpass', 40));
  const tyres = Float64Array.from({ length: samples }, () => random() * 2 - 1);
  applyBiquad(tyres, biquad('highpass', 300));
  applyBiquad(tyres, biquad('lowpass', 1500));
  const envelope = new Float64Array(samples);
  for (
    let at = Math.floor(random() * 3 * SAMPLE_RATE);
    at < samples;
    at += Math.floor((3 + random() * 5) * SAMPLE_RATE)
  ) {
    const width = (2 + random() * 3) * SAMPLE_RATE;
    const peak = 0.5 + random();
    for (let i = Math.max(0, at - 2 * width); i < Math.min(samples, at + 2 * width); i++)
      envelope[i] += peak * Math.exp(-(((i - at) / (width / 2)) ** 2));
  }
  for (let i = 0; i < samples; i++) tyres[i] *= envelope[i] + 0.1;
  return add(rumble, tyres, 1.2);
}

function clatter(samples: number, random: () => number): Float64Array {
  const out = new Float64Array(samples);
  const meanGap = SAMPLE_RATE / 1.5;
  for (
    let at = Math.floor(-Math.log(1 - random()) * meanGap);
    at < samples;
    at += Math.floor(-Math.log(1 - random()) * meanGap) + 1
  ) {
    const hz = 2000 + random() * 2000;
    const decay = 0.002 + random() * 0.004; // per sample: rings for 30–60 ms
    const amp = 0.3 + random();
    for (let i = 0; i < 800 && at + i < samples; i++)
      out[at + i] += amp * Math.exp(-decay * i) * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE);
  }
  return out;
}

function ventilation(samples: number, random: () => number): Float64Array {
  const out = brown(samples, random, 0.98);
  applyBiquad(out, biquad('lowpass', 500));
  return out;
}

function typing(samples: number, random: () => number): Float64Array {
  const out = new Float64Array(samples);
  let at = Math.floor(random() * SAMPLE_RATE);
  while (at < samples) {
    const runEnd = at + Math.floor((1 + random() * 3) * SAMPLE_RATE);
    for (
      let t = at;
      t < Math.min(runEnd, samples);
      t += Math.floor(SAMPLE_RATE / (6 + random() * 3))
    ) {
      const amp = 0.5 + random() * 0.5;
      for (let i = 0; i < 40 && t + i < samples; i++)
        out[t + i] += amp * (random() * 2 - 1) * Math.exp(-i / 8);
    }
    at = runEnd + Math.floor((0.5 + random() * 2) * SAMPLE_RATE);
  }
  return out;
}
