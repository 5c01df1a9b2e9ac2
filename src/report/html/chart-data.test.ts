import { describe, expect, it } from 'vitest';
import { distribution, percentile } from '../../metrics/percentiles.ts';
import {
  cdf,
  cdfOfCounts,
  histogram,
  histogramOfCounts,
  niceMax,
  niceStep,
  niceTicks,
  percentileMarkers,
} from './chart-data.ts';

describe('histogram bins', () => {
  it('uses a nice width aligned to its multiples and counts every sample once', () => {
    const values = [312, 355, 401, 420, 480, 515, 640, 700, 1210];
    const h = histogram(values, 10);
    expect(h.binWidth).toBe(100);
    expect(h.bins[0]).toEqual({ start: 300, end: 400, count: 2 });
    expect(h.bins.at(-1)).toEqual({ start: 1200, end: 1300, count: 1 });
    expect(h.bins.reduce((s, b) => s + b.count, 0)).toBe(values.length);
    expect(h.bins.map((b) => b.count)).toEqual([2, 3, 1, 1, 1, 0, 0, 0, 0, 1]);
  });

  it('puts a value on a bin edge into the bin it starts, and handles one value and none', () => {
    expect(histogram([100, 200], 1).bins).toEqual([
      { start: 100, end: 200, count: 1 },
      { start: 200, end: 300, count: 1 },
    ]);
    expect(histogram([450]).bins).toEqual([{ start: 450, end: 500, count: 1 }]);
    expect(histogram([])).toEqual({ binWidth: 0, bins: [] });
    expect(histogram([NaN, Infinity, 5]).bins.reduce((s, b) => s + b.count, 0)).toBe(1);
  });
});

describe('CDF points', () => {
  it('steps to the share of samples at or below each distinct value', () => {
    expect(cdf([300, 100, 200, 200])).toEqual([
      { value: 100, fraction: 0.25 },
      { value: 200, fraction: 0.75 },
      { value: 300, fraction: 1 },
    ]);
  });

  it('thins large runs but keeps the first and last point', () => {
    const values = Array.from({ length: 5000 }, (_, i) => i);
    const points = cdf(values, 100);
    expect(points).toHaveLength(100);
    expect(points[0]).toEqual({ value: 0, fraction: 1 / 5000 });
    expect(points.at(-1)).toEqual({ value: 4999, fraction: 1 });
    for (let i = 1; i < points.length; i++)
      expect(points[i].fraction).toBeGreaterThan(points[i - 1].fraction);
  });
});

describe('percentile markers', () => {
  it('mark p50/p90/p95/p99 with the same values as summary.json', () => {
    const values = Array.from({ length: 101 }, (_, i) => 200 + i * 3);
    const markers = percentileMarkers(values);
    expect(markers.map((m) => m.label)).toEqual(['p50', 'p90', 'p95', 'p99']);
    expect(markers.map((m) => m.value)).toEqual([350, 470, 485, 497]);
    expect(markers.map((m) => m.value)).toEqual([50, 90, 95, 99].map((p) => percentile(values, p)));
    expect(percentileMarkers([])).toEqual([]);
    const uneven = [101.37, 250.02, 612.9, 733.33];
    const summary = distribution(uneven);
    expect(percentileMarkers(uneven).map((m) => m.value)).toEqual([
      summary.p50,
      summary.p90,
      summary.p95,
      summary.p99,
    ]);
  });
});

describe('from counted values (an HDR histogram has no raw samples)', () => {
  it('bins and steps exactly as the same samples would, in any order, merging equal values', () => {
    const values = [312, 355, 401, 420, 420, 480, 515, 640, 700, 1210];
    const points = [
      { value: 1210, count: 1 },
      { value: 420, count: 1 },
      { value: 312, count: 1 },
      { value: 355, count: 1 },
      { value: 401, count: 1 },
      { value: 420, count: 1 },
      { value: 480, count: 1 },
      { value: 515, count: 1 },
      { value: 640, count: 1 },
      { value: 700, count: 1 },
    ];
    expect(histogramOfCounts(points, 10)).toEqual(histogram(values, 10));
    expect(cdfOfCounts(points)).toEqual(cdf(values));
    expect(
      cdfOfCounts([
        { value: 100, count: 3 },
        { value: 200, count: 1 },
        { value: NaN, count: 5 },
        { value: 300, count: 0 },
      ]),
    ).toEqual([
      { value: 100, fraction: 0.75 },
      { value: 200, fraction: 1 },
    ]);
    expect(histogramOfCounts([])).toEqual({ binWidth: 0, bins: [] });
    // Whole-millisecond values a few ms apart: 1 ms bins, not 0.2 ms ones with gaps between.
    expect(
      histogramOfCounts(
        [
          { value: 521, count: 1 },
          { value: 524, count: 3 },
        ],
        24,
        1,
      ).bins.map((b) => b.count),
    ).toEqual([1, 0, 0, 3]);
  });
});

describe('axis ticks', () => {
  it('are round numbers covering the range', () => {
    expect(niceTicks(0, 1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 1, 2)).toEqual([0, 0.5, 1]);
    expect(niceTicks(5, 5)).toEqual([5]);
    expect(niceStep(0.03)).toBe(0.05);
    expect(niceMax(1234)).toBe(1400);
    expect(niceMax(0)).toBe(1);
  });
});
