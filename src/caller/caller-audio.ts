/**
 * The caller's side of the line, prepared before the call starts so the 20 ms path only picks
 * precomputed strings: each utterance becomes base64 mu-law frames (speech mixed over the line
 * noise), and each noise level a shared loop of noise frames.
 */
import { FRAME_SAMPLES } from '../audio/constants.ts';
import { voicedExtent } from '../audio/level.ts';
import { mulawEncode } from '../audio/mulaw.ts';
import { lineNoise, mixInto } from '../audio/noise.ts';
import type { Vad } from '../audio/vad.ts';

export interface PreparedUtterance {
  /** One base64 mu-law payload per 20 ms frame. */
  framesB64: string[];
  /** First voiced sample and one past the last, relative to the utterance start; null if no speech was found. */
  voiced: { startSample: number; endSample: number } | null;
  /** The clean speech (8 kHz), kept for recordings and transcription. */
  pcm: Int16Array;
}

/** A loop of line-noise frames (5 s), shared by every call at the same level. */
export interface NoiseBed {
  framesB64: string[];
}

const NOISE_BED_FRAMES = 250;
const noiseBeds = new Map<string, NoiseBed>();

export function noiseBed(dbfs: number | null): NoiseBed {
  const key = String(dbfs);
  let bed = noiseBeds.get(key);
  if (!bed) {
    const pcm =
      dbfs === null
        ? new Int16Array(NOISE_BED_FRAMES * FRAME_SAMPLES)
        : lineNoise(NOISE_BED_FRAMES * FRAME_SAMPLES, dbfs, 0x5eed);
    bed = { framesB64: toFramesB64(mulawEncode(pcm)) };
    noiseBeds.set(key, bed);
  }
  return bed;
}

/**
 * Mixes `speech` over line noise and frames it; the voiced extent comes from the clean speech.
 * `onLine` is the speech as the caller's line conditions shaped it (background noise, level), when they do.
 */
export function prepareUtterance(
  speech: Int16Array,
  lineNoiseDbfs: number | null,
  vad: Vad,
  seed = 1,
  onLine?: Int16Array,
): PreparedUtterance {
  const sent = onLine ?? speech;
  const frames = Math.max(1, Math.ceil(sent.length / FRAME_SAMPLES));
  const mixed =
    lineNoiseDbfs === null
      ? new Int16Array(frames * FRAME_SAMPLES)
      : lineNoise(frames * FRAME_SAMPLES, lineNoiseDbfs, seed);
  mixInto(mixed, sent, 0);
  const extent = voicedExtent(speech, vad);
  vad.reset();
  return {
    framesB64: toFramesB64(mulawEncode(mixed)),
    voiced: extent ? { startSample: extent.firstSample, endSample: extent.lastSample + 1 } : null,
    pcm: speech,
  };
}

/**
 * The utterance without its first `samples` samples of lead silence (never voice), re-framed:
 * an interruption starts its voice on the exact sample asked for, and one that must start sooner
 * than the clip's lead silence allows starts into the clip. Done once per interruption.
 */
export function trimLeadSamples(u: PreparedUtterance, samples: number): PreparedUtterance {
  const trim = Math.min(Math.round(samples), u.voiced ? u.voiced.startSample : 0);
  if (trim <= 0) return u;
  const mulaw = Buffer.concat(u.framesB64.map((f) => Buffer.from(f, 'base64'))).subarray(trim);
  const framed = new Uint8Array(
    Math.max(1, Math.ceil(mulaw.length / FRAME_SAMPLES)) * FRAME_SAMPLES,
  ).fill(MULAW_SILENCE);
  framed.set(mulaw);
  return {
    framesB64: toFramesB64(framed),
    voiced: u.voiced && {
      startSample: u.voiced.startSample - trim,
      endSample: u.voiced.endSample - trim,
    },
    pcm: u.pcm.subarray(Math.min(trim, u.pcm.length)),
  };
}

/** mu-law for a zero sample. */
const MULAW_SILENCE = 0xff;

function toFramesB64(mulaw: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < mulaw.length; i += FRAME_SAMPLES)
    out.push(Buffer.from(mulaw.buffer, mulaw.byteOffset + i, FRAME_SAMPLES).toString('base64'));
  return out;
}
