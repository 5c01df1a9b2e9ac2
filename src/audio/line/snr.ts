/**
 * Signal-to-noise ratio the way speech levels are measured: against the ACTIVE speech level
 * (ITU-T P.56 in spirit), so pauses between words do not make the speech look quieter. Active
 * frames are the 20 ms frames whose RMS is within 30 dB of the loudest frame and above -60 dBFS.
 */
import { FRAME_SAMPLES } from '../constants.ts';

const FULL_SCALE = 32768;
const ACTIVE_RANGE_DB = 30;
const ACTIVE_FLOOR_DBFS = -60;

function frameEnergies(x: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let start = 0; start + FRAME_SAMPLES <= x.length; start += FRAME_SAMPLES) {
    let sum = 0;
    for (let i = start; i < start + FRAME_SAMPLES; i++) sum += x[i] * x[i];
    out.push(sum / FRAME_SAMPLES);
  }
  return out;
}

/** Active speech level in dBFS over one or more clips; -Infinity when there is no speech. */
export function activeLevelDbfs(clips: readonly ArrayLike<number>[]): number {
  const energies = clips.flatMap((c) => frameEnergies(c));
  const loudest = Math.max(0, ...energies);
  if (loudest === 0) return -Infinity;
  const floor = Math.max(
    loudest * 10 ** (-ACTIVE_RANGE_DB / 10),
    (FULL_SCALE * 10 ** (ACTIVE_FLOOR_DBFS / 20)) ** 2,
  );
  const active = energies.filter((e) => e >= floor);
  if (active.length === 0) return -Infinity;
  const mean = active.reduce((s, e) => s + e, 0) / active.length;
  return 10 * Math.log10(mean / FULL_SCALE ** 2);
}

/** RMS level of a whole signal in dBFS (noise is measured over all of it). */
export function overallLevelDbfs(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  return sum === 0 ? -Infinity : 10 * Math.log10(sum / x.length / FULL_SCALE ** 2);
}
