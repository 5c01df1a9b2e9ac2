/**
 * Per-call random draws that repeat: each call's draws come from a PRNG seeded by the run's seed
 * and the call's global key, not from one stream shared in start order — so a call draws the
 * same scenario and voice however calls interleave, in one process or split across shards.
 */
import { mulberry32 } from '../audio/prng.ts';

/** A well-mixed 32-bit seed from the run seed and a call key (murmur3's finalizer). */
export function callSeed(runSeed: number, ...key: number[]): number {
  let h = runSeed >>> 0;
  for (const k of key) {
    h = Math.imul(h ^ (k >>> 0), 0x9e3779b1) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Picks an index with probability proportional to its weight (weights > 0). */
export function weightedPick(weights: readonly number[], random: () => number): number {
  const total = weights.reduce((a, w) => a + w, 0);
  let x = random() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0) return i;
  }
  return weights.length - 1;
}

export function drawFor(runSeed: number, key: readonly number[]): () => number {
  return mulberry32(callSeed(runSeed, ...key));
}
