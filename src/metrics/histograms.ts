/**
 * HDR histograms for load runs: fixed memory whatever the number of samples, and mergeable —
 * shards and threads send their encodings, and adding them gives exactly the histogram of all
 * samples (never an average of percentiles).
 */
import * as hdr from 'hdr-histogram-js';
import type { Distribution } from '../metrics/percentiles.ts';

export type Histogram = hdr.Histogram;

/** Integer values from 1 to an hour in ms (or a minute in µs) at 3 significant digits (0.1 %). */
export function newHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
}

/** Records a value rounded to an integer; negative values (a reply before the caller finished) count as 0. */
export function record(h: Histogram, value: number): void {
  h.recordValue(Math.max(0, Math.round(value)));
}

export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(base64: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(base64);
  // Copy into a histogram of our own configuration, so merging never meets a size limit.
  const h = newHistogram();
  h.add(decoded);
  return h;
}

/** Percentiles as the run summary shows them, from a histogram of values × `unit` (e.g. µs → ms: 0.001). */
export function histogramDistribution(h: Histogram, unit = 1): Distribution {
  const n = h.totalCount;
  const r = (x: number): number => Math.round(x * unit * 10) / 10;
  if (n === 0)
    return {
      count: 0,
      min: null,
      mean: null,
      p50: null,
      p90: null,
      p95: null,
      p99: null,
      max: null,
    };
  return {
    count: n,
    min: r(minValue(h)),
    mean: r(h.mean),
    p50: r(h.getValueAtPercentile(50)),
    p90: r(h.getValueAtPercentile(90)),
    p95: r(h.getValueAtPercentile(95)),
    p99: r(h.getValueAtPercentile(99)),
    max: r(h.maxValue),
  };
}

export function percentileOf(h: Histogram, p: number, unit = 1): number | null {
  return h.totalCount === 0 ? null : h.getValueAtPercentile(p) * unit;
}

/** The smallest recorded value, 0 included (minNonZeroValue skips zeros). */
export function minValue(h: Histogram): number {
  return h.getValueAtPercentile(0);
}

/**
 * Every distinct recorded value with its count, ascending: what the report draws a load run's
 * latency histogram and CDF from, since a load run keeps no raw samples. Values are each HDR
 * bucket's highest equivalent value (exact below 2048 at 3 significant digits).
 */
export function recordedValues(h: Histogram): { value: number; count: number }[] {
  // newHistogram builds the pure-JS implementation, the one with an iterator over recorded values.
  if (!(h instanceof hdr.JsHistogram))
    throw new Error('recordedValues needs a JS HDR histogram (newHistogram builds one)');
  const out: { value: number; count: number }[] = [];
  const it = h.recordedValuesIterator;
  it.reset();
  while (it.hasNext()) {
    const v = it.next();
    out.push({ value: v.valueIteratedTo, count: v.countAtValueIteratedTo });
  }
  return out;
}
