/**
 * Recorded digits → one 8 kHz clip: each digit's recording (chosen by src/speech/fsdd.ts) is
 * decoded (resampled to 8 kHz if it is not), trimmed to its voiced extent, and the digits are
 * joined with `gapMs` of digital silence. The silence becomes line noise like any pause in the
 * caller's speech when the utterance is mixed (caller-audio.ts).
 */
import { readFile } from 'node:fs/promises';
import { AUDIBLE_THRESHOLD_DBFS, dbfsToAmplitude, voicedExtent } from '../audio/level.ts';
import { SAMPLE_RATE } from '../audio/constants.ts';
import type { Vad } from '../audio/vad.ts';
import { readWavAs8kMono } from '../audio/wav.ts';
import { chooseTakes, defaultSpeaker, type FsddIndex } from '../speech/fsdd.ts';
import type { RecordedDigits } from '../scenario/types.ts';

/**
 * Kept either side of a digit's voiced extent: the extent starts at the first sample reaching
 * -42 dBFS, and a soft onset or decay just under that is part of the word.
 */
export const DIGIT_EDGE_PAD_MS = 10;

const msToSamples = (ms: number): number => Math.round((ms * SAMPLE_RATE) / 1000);

/**
 * [start, end) of the word in a recording. FSDD clips are already cut close, but not equally
 * (some keep a breath or 100+ ms of room tone), and the gap between digits should be the one the
 * scenario asks for. The VAD-based extent ignores clicks; where the VAD finds no speech (a very
 * short or odd clip) the first and last audible samples are used instead.
 */
export function wordSpan(samples: Int16Array, vad: Vad): { start: number; end: number } {
  const extent = voicedExtent(samples, vad);
  let first = extent?.firstSample ?? -1;
  let last = extent?.lastSample ?? -1;
  if (extent === null) {
    const threshold = Math.round(dbfsToAmplitude(AUDIBLE_THRESHOLD_DBFS));
    const loud = (i: number): boolean => samples[i] >= threshold || samples[i] <= -threshold;
    for (let i = 0; i < samples.length && first < 0; i++) if (loud(i)) first = i;
    for (let i = samples.length - 1; i >= 0 && last < 0; i--) if (loud(i)) last = i;
  }
  if (first < 0) return { start: 0, end: 0 };
  const pad = msToSamples(DIGIT_EDGE_PAD_MS);
  return { start: Math.max(0, first - pad), end: Math.min(samples.length, last + 1 + pad) };
}

/** The clip for `utterance`; throws (naming the file) when a recording is missing, unreadable or silent. */
export async function recordedDigitsPcm(
  utterance: RecordedDigits,
  index: FsddIndex,
  vad: Vad,
): Promise<Int16Array> {
  const speaker = utterance.speaker ?? defaultSpeaker(index, utterance.digits);
  if (speaker === undefined)
    throw new Error(
      `no FSDD speaker in ${index.dir} recorded every digit of ${JSON.stringify(utterance.digits)}`,
    );
  const files = chooseTakes(index, speaker, utterance.digits);
  const words: Int16Array[] = [];
  for (const file of files) {
    const { samples } = readWavAs8kMono(new Uint8Array(await readFile(file)), file);
    const { start, end } = wordSpan(samples, vad);
    if (end <= start) throw new Error(`${file}: no audible speech in the recording`);
    words.push(samples.subarray(start, end));
  }
  const gap = msToSamples(utterance.gapMs);
  const out = new Int16Array(
    words.reduce((sum, word) => sum + word.length, 0) + gap * (words.length - 1),
  );
  let offset = 0;
  for (const [i, word] of words.entries()) {
    if (i > 0) offset += gap;
    out.set(word, offset);
    offset += word.length;
  }
  return out;
}
