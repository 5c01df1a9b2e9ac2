/** Percentiles by linear interpolation between closest ranks (numpy's default), over finite values. */
export function percentile(values: readonly number[], p: number): number | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

export function percentileOfSorted(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export interface Distribution {
  count: number;
  min: number | null;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export function distribution(values: readonly (number | null)[]): Distribution {
  const sorted = values
    .filter((v): v is number => v !== null && Number.isFinite(v))
    .sort((a, b) => a - b);
  const n = sorted.length;
  const r = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);
  return {
    count: n,
    min: r(n ? sorted[0] : null),
    mean: r(n ? sorted.reduce((a, b) => a + b, 0) / n : null),
    p50: r(percentileOfSorted(sorted, 50)),
    p90: r(percentileOfSorted(sorted, 90)),
    p95: r(percentileOfSorted(sorted, 95)),
    p99: r(percentileOfSorted(sorted, 99)),
    max: r(n ? sorted[n - 1] : null),
  };
}
