/**
 * k6-style thresholds (src/thresholds/parse.ts syntax) on a load run's aggregates: the metrics of
 * src/metrics/registry.ts read through HDR sinks (percentiles from histograms, rates from
 * counters), evaluated by the same function as a run's. Used for `--threshold` (pass/fail of the
 * run) and `--budget` (what `--find-limit` must hold).
 */
import type { Threshold } from '../thresholds/parse.ts';
import {
  checkMetricThresholds,
  evaluateOnSinks,
  type ThresholdResult,
} from '../thresholds/evaluate.ts';
import { hdrSink, type MetricName } from '../metrics/registry.ts';
import { rateValue } from '../metrics/sink.ts';
import type { LoadAggregates } from './aggregates.ts';

/** Problems with thresholds for a load run, each naming the flag. */
export function checkLoadThresholds(flag: string, thresholds: readonly Threshold[]): string[] {
  return checkMetricThresholds(thresholds, 'load', flag);
}

export function evaluateLoadThresholds(
  thresholds: readonly Threshold[],
  a: LoadAggregates,
): ThresholdResult[] {
  return evaluateOnSinks(thresholds, (t) => hdrSink(t.metric, a.histograms, a.counts));
}

/** A rate metric's value over these aggregates, rounded to 4 places; null when nothing was counted. */
export function loadRate(name: MetricName, a: LoadAggregates): number | null {
  const sink = hdrSink(name, a.histograms, a.counts);
  const value = sink?.kind === 'rate' ? rateValue(sink) : null;
  return value === null ? null : Math.round(value * 10_000) / 10_000;
}

export function describeResult(r: ThresholdResult): string {
  const actual =
    r.actual === null
      ? 'no samples'
      : Number.isInteger(r.actual)
        ? String(r.actual)
        : r.actual.toFixed(3);
  return `${r.metric} ${r.expression} (actual ${actual})`;
}
