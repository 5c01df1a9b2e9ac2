/**
 * Levels and the "audible" definition latency is measured against.
 *
 * dBFS here is relative to a 16-bit full-scale square wave: 0 dBFS = RMS 32768, so a full-scale
 * sine reads -3.01 dBFS. The same reference is used for generating (noise.ts) and measuring.
 */
import { FRAME_SAMPLES } from './constants.ts';
import type { Vad } from './vad.ts';

const FULL_SCALE = 32768;

/**
 * A sample is audible when its magnitude reaches -42 dBFS (amplitude 260 of 32768): well above
 * mu-law's idle-channel floor and -55 dBFS line noise peaks, well below the quietest speech
 * onsets that matter. Turn latency counts from the caller's last audible voiced sample to the
 * agent's first audible one.
 */
export const AUDIBLE_THRESHOLD_DBFS = -42;

/** RMS level of samples[start, end) in dBFS; -Infinity for digital silence or an empty range. */
export function rmsDbfs(samples: Int16Array, start = 0, end = samples.length): number {
  const from = Math.max(0, start);
  const to = Math.min(samples.length, end);
  if (to <= from) return -Infinity;
  let sumSquares = 0;
  for (let i = from; i < to; i++) sumSquares += samples[i] * samples[i];
  if (sumSquares === 0) return -Infinity;
  return 20 * Math.log10(Math.sqrt(sumSquares / (to - from)) / FULL_SCALE);
}

/** The amplitude (in 16-bit units, not rounded) that a level in dBFS corresponds to. */
export function dbfsToAmplitude(dbfs: number): number {
  return FULL_SCALE * 10 ** (dbfs / 20);
}

export interface VoicedExtentOptions {
  /** Audibility threshold; default AUDIBLE_THRESHOLD_DBFS. */
  thresholdDbfs?: number;
  /** Frames either side of the (extended) speech region also searched for audible samples; default 1. */
  marginFrames?: number;
  /**
   * How far (in frames, each side) the VAD's speech region may grow over adjacent frames whose
   * RMS reaches the threshold; default 10 (200 ms). 0 = the VAD region only.
   */
  maxExtendFrames?: number;
}

/**
 * The first and last audible sample of speech in a clip (indices into `samples`, inclusive).
 *
 * 1. The VAD, run over 20 ms frames from a reset state, locates the speech region: from the
 *    first to the last frame it calls speech.
 * 2. WebRTC VAD misses unvoiced sounds at the edges of words (the "f" of "four", a final "s"),
 *    so the region grows over adjacent frames whose RMS reaches the threshold, at most
 *    `maxExtendFrames` each side. On the 300 FSDD digits (mode 1) this raises exact agreement
 *    with a by-hand reading (first/last sample ≥ threshold) from 285 to 292 clips; the others
 *    differ by a click before the word or a faint tail below -42 dBFS RMS after it.
 * 3. Within the region plus `marginFrames` either side, the first and last samples whose
 *    magnitude reaches the threshold (rounded to whole 16-bit units: 260 at -42 dBFS) give
 *    sample precision.
 * Sound outside the region (clicks, breaths the VAD rejects) does not count, and neither does
 * the VAD's hangover after speech ends: the search stops at the last audible sample. Returns
 * null when the VAD finds no speech, or the speech never reaches the threshold. The VAD is reset
 * before and after.
 *
 * Known limit: from a fresh state WebRTC VAD calls the first frame of any steady noise speech
 * (plus its 4-frame hangover, 100 ms in all). In a clip that starts with noise whose peaks reach
 * the threshold the result then starts in that noise; clean speech (TTS, trimmed recordings) and
 * quieter noise (-55 dBFS line noise peaks stay below it) are unaffected.
 */
export function voicedExtent(
  samples: Int16Array,
  vad: Vad,
  opts: VoicedExtentOptions = {},
): { firstSample: number; lastSample: number } | null {
  const thresholdDbfs = opts.thresholdDbfs ?? AUDIBLE_THRESHOLD_DBFS;
  const threshold = Math.round(dbfsToAmplitude(thresholdDbfs));
  const margin = opts.marginFrames ?? 1;
  const frameCount = Math.ceil(samples.length / FRAME_SAMPLES);
  let firstFrame = -1;
  let lastFrame = -1;
  const tail = new Int16Array(FRAME_SAMPLES); // the last frame, zero padded
  vad.reset();
  try {
    for (let frame = 0; frame < frameCount; frame++) {
      const start = frame * FRAME_SAMPLES;
      let view: Int16Array;
      if (start + FRAME_SAMPLES <= samples.length)
        view = samples.subarray(start, start + FRAME_SAMPLES);
      else {
        tail.set(samples.subarray(start));
        view = tail;
      }
      if (vad.isSpeech(view)) {
        if (firstFrame < 0) firstFrame = frame;
        lastFrame = frame;
      }
    }
  } finally {
    vad.reset();
  }
  if (firstFrame < 0) return null;

  const maxExtend = opts.maxExtendFrames ?? 10;
  const loud = (frame: number): boolean =>
    rmsDbfs(samples, frame * FRAME_SAMPLES, (frame + 1) * FRAME_SAMPLES) >= thresholdDbfs;
  for (let n = 0; n < maxExtend && firstFrame > 0 && loud(firstFrame - 1); n++) firstFrame--;
  for (let n = 0; n < maxExtend && lastFrame < frameCount - 1 && loud(lastFrame + 1); n++)
    lastFrame++;

  const searchStart = Math.max(0, (firstFrame - margin) * FRAME_SAMPLES);
  const searchEnd = Math.min(samples.length, (lastFrame + 1 + margin) * FRAME_SAMPLES);
  let firstSample = -1;
  for (let i = searchStart; i < searchEnd; i++) {
    if (samples[i] >= threshold || samples[i] <= -threshold) {
      firstSample = i;
      break;
    }
  }
  if (firstSample < 0) return null;
  let lastSample = firstSample;
  for (let i = searchEnd - 1; i > firstSample; i--) {
    if (samples[i] >= threshold || samples[i] <= -threshold) {
      lastSample = i;
      break;
    }
  }
  return { firstSample, lastSample };
}
