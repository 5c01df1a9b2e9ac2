/**
 * Splitting one plan across machines (`--shard i/n`, 1-based like Jest and Playwright).
 *
 * Every call of the whole plan has a global key — virtual user j (closed model) or arrival k
 * (open model) — and shard i owns the keys with key mod n = i - 1. So the shards together run
 * exactly the unsharded plan: same calls, same seeded draws, each started at the same moment
 * relative to its shard's start. Closed model: VU j is active while the ramp's target exceeds j,
 * so each shard holds its share of the VUs at every moment; open model: each shard takes every
 * n-th arrival, i.e. its share of the rate.
 */

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export const WHOLE_PLAN: Shard = { index: 1, count: 1 };

export function ownsKey(shard: Shard, key: number): boolean {
  return key % shard.count === shard.index - 1;
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
