/**
 * mulberry32: a tiny, fast, seedable PRNG with good enough statistics for noise and jitter.
 * Deterministic output for a seed is what matters here (reproducible runs), not crypto quality.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
