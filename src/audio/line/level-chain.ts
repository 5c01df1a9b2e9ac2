/**
 * The caller's handset between the air and the network: gain (a loud or distant talker, a
 * phone's volume or AGC), clipping (the converter saturating at `clipDbfs` peak: a shouting
 * caller) and the 300–3400 Hz telephone band (narrowband codecs and old handsets cut the rest).
 * Applied in that order, to the caller's speech and the background noise its microphone picks up.
 */
import { dbfsToAmplitude } from '../level.ts';
import { applyBiquad, TELEPHONE_BAND } from '../noise.ts';

export interface LevelSpec {
  /** dB added to the signal (negative = quieter). */
  gainDb: number;
  /** Peak level where the signal clips, dBFS (≤ 0); null = only the 16-bit limit. */
  clipDbfs: number | null;
  /** Band-limit to 300–3400 Hz. */
  telephoneBand: boolean;
}

export const NEUTRAL_LEVEL: LevelSpec = { gainDb: 0, clipDbfs: null, telephoneBand: false };

export function isNeutralLevel(spec: LevelSpec): boolean {
  return spec.gainDb === 0 && spec.clipDbfs === null && !spec.telephoneBand;
}

/** `input` through gain → clip → band; a new array. */
export function applyLevel(input: Int16Array, spec: LevelSpec): Int16Array {
  const gain = 10 ** (spec.gainDb / 20);
  const ceiling = spec.clipDbfs === null ? 32767 : Math.min(32767, dbfsToAmplitude(spec.clipDbfs));
  const x = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const v = input[i] * gain;
    x[i] = v > ceiling ? ceiling : v < -ceiling ? -ceiling : v;
  }
  if (spec.telephoneBand) for (const section of TELEPHONE_BAND) applyBiquad(x, section);
  const out = new Int16Array(input.length);
  for (let i = 0; i < x.length; i++) {
    const v = Math.round(x[i]);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}
