/**
 * The numbers behind the report's charts, kept apart from drawing so they can be tested:
 * histogram bins, CDF points, percentile markers and axis ticks. Percentiles use the same
 * definition as summary.json and the thresholds (src/metrics/percentiles.ts), so the markers on
 * the charts are the values in the tables.
 */
import { percentileOfSorted } from '../../metrics/percentiles.ts';

export interface Bin {
  /** Inclusive start, exclusive end (the last bin includes its end). */
  start: number;
  end: number;
  count: number;
}

export interface Histogram {
  binWidth: number;
  bins: Bin[];
}

export interface CdfPoint {
  value: number;
  /** Share of samples ≤ value, 0..1. */
  fraction: number;
}

export interface PercentileMarker {
  label: string;
  p: number;
  value: number;
}

export const MARKED_PERCENTILES = [50, 90, 95, 99] as const;

/** A value and how many samples had it. */
export interface ValueCount {
  value: number;
  count: number;
}

function finiteSorted(values: readonly number[]): number[] {
  return values.filter(Number.isFinite).sort((a, b) => a - b);
}

/** Raw samples as counted distinct values, ascending. */
function counted(values: readonly number[]): ValueCount[] {
  const out: ValueCount[] = [];
  for (const v of finiteSorted(values)) {
    const last = out[out.length - 1];
    if (last && last.value === v) last.count++;
    else out.push({ value: v, count: 1 });
  }
  return out;
}

/** Finite values with a positive count, ascending, equal values merged. */
function finiteCounted(points: readonly ValueCount[]): ValueCount[] {
  const sorted = points
    .filter((p) => Number.isFinite(p.value) && p.count > 0)
    .sort((a, b) => a.value - b.value);
  const out: ValueCount[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && last.value === p.value) last.count += p.count;
    else out.push({ value: p.value, count: p.count });
  }
  return out;
}

/** A "nice" step (1, 2 or 5 × 10^k) near `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const m = rough / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/** Bins of a nice width aligned to multiples of it, about `targetBins` of them across the data. */
export function histogram(values: readonly number[], targetBins = 20): Histogram {
  return histogramOfCounts(counted(values), targetBins);
}

/**
 * The same bins from values already counted (e.g. an HDR histogram's recorded values, where a
 * load run keeps no raw samples): each value's count goes into the bin holding the value. Bins
 * are at least `minBinWidth` wide: narrower than the values' resolution they would show gaps.
 */
export function histogramOfCounts(
  points: readonly ValueCount[],
  targetBins = 20,
  minBinWidth = 0,
): Histogram {
  const sorted = finiteCounted(points);
  if (sorted.length === 0) return { binWidth: 0, bins: [] };
  const min = sorted[0].value;
  const max = sorted[sorted.length - 1].value;
  const binWidth = Math.max(
    minBinWidth,
    niceStep((max - min) / targetBins || Math.max(1, Math.abs(min) / 10)),
  );
  const first = Math.floor(min / binWidth) * binWidth;
  const count = Math.max(1, Math.floor((max - first) / binWidth) + 1);
  const bins: Bin[] = Array.from({ length: count }, (_, i) => ({
    start: round(first + i * binWidth),
    end: round(first + (i + 1) * binWidth),
    count: 0,
  }));
  for (const p of sorted)
    bins[Math.min(count - 1, Math.floor((p.value - first) / binWidth))].count += p.count;
  return { binWidth, bins };
}

/**
 * The empirical CDF as a step function: one point per distinct value with the share of samples
 * at or below it. Large runs are thinned to at most `maxPoints`, always keeping the first and last.
 */
export function cdf(values: readonly number[], maxPoints = 300): CdfPoint[] {
  return cdfOfCounts(counted(values), maxPoints);
}

/** The same step function from values already counted. */
export function cdfOfCounts(points: readonly ValueCount[], maxPoints = 300): CdfPoint[] {
  const sorted = finiteCounted(points);
  const n = sorted.reduce((a, p) => a + p.count, 0);
  const out: CdfPoint[] = [];
  let below = 0;
  for (const p of sorted) {
    below += p.count;
    out.push({ value: p.value, fraction: below / n });
  }
  if (out.length <= maxPoints) return out;
  const stride = (out.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, i) => out[Math.round(i * stride)]);
}

export function percentileMarkers(
  values: readonly number[],
  ps: readonly number[] = MARKED_PERCENTILES,
): PercentileMarker[] {
  const sorted = finiteSorted(values);
  if (sorted.length === 0) return [];
  // Rounded to 0.1 ms as summary.json's distributions are, so chart and table show the same number.
  return ps.map((p) => ({
    label: `p${p}`,
    p,
    value: Math.round((percentileOfSorted(sorted, p) ?? 0) * 10) / 10,
  }));
}

/** Axis ticks: nice round values covering [min, max], about `target` of them. */
export function niceTicks(min: number, max: number, target = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (max <= min) return [round(min)];
  const step = niceStep((max - min) / target);
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step)
    ticks.push(round(t));
  return ticks;
}

/** An axis range from 0 (or the data's minimum when negative) to a nice value above the maximum. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const step = niceStep(max / 10);
  return Math.ceil(max / step - 1e-9) * step;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6 + 0; // + 0 turns -0 into 0
}
