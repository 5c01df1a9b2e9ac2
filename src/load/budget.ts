/**
 * k6-style thresholds (src/thresholds/parse.ts syntax) evaluated on a load run's aggregates
 * rather than on a list of calls: percentiles come from HDR histograms, rates from counters.
 * Used for `--threshold` (pass/fail of the run) and `--budget` (what `--find-limit` must hold).
 *
 * Metrics: turn_latency_ms, ttfb_ms, call_duration_ms, send_lateness_ms (p(N), avg, med, min,
 * max, count); call_failure_rate, call_pass_rate, call_completion_rate, entity_exact_rate,
 * dropped_calls (rate, count).
 */
import type { Threshold } from '../thresholds/parse.ts';
import { compare, type ThresholdResult } from '../thresholds/evaluate.ts';
import type { LoadAggregates, HistogramName } from './aggregates.ts';
import { minValue, type Histogram } from '../metrics/histograms.ts';

interface SampleMetric {
  kind: 'samples';
  histogram: HistogramName;
  /** Multiplies stored values into the metric's unit. */
  unit: number;
}
interface RateMetric {
  kind: 'rate';
  /** [numerator, denominator] */
  ratio(a: LoadAggregates): [number, number];
}

/** Calls that ended on their own (not interrupted by the harness). */
const judged = (a: LoadAggregates): number => a.counts.passed + a.counts.failed + a.counts.error;

export const LOAD_METRICS: Readonly<Record<string, SampleMetric | RateMetric>> = {
  turn_latency_ms: { kind: 'samples', histogram: 'turn_latency_ms', unit: 1 },
  ttfb_ms: { kind: 'samples', histogram: 'ttfb_ms', unit: 1 },
  call_duration_ms: { kind: 'samples', histogram: 'call_duration_ms', unit: 1 },
  send_lateness_ms: { kind: 'samples', histogram: 'send_lateness_us', unit: 0.001 },
  /** Calls that failed or errored, of the calls that ended on their own. */
  call_failure_rate: { kind: 'rate', ratio: (a) => [a.counts.failed + a.counts.error, judged(a)] },
  call_pass_rate: { kind: 'rate', ratio: (a) => [a.counts.passed, judged(a)] },
  /** Calls that passed, of all the calls the plan wanted (ended on their own, or dropped). */
  call_completion_rate: { kind: 'rate', ratio: (a) => [a.counts.passed, judged(a) + a.counts.dropped] },
  entity_exact_rate: { kind: 'rate', ratio: (a) => [a.counts.entitiesExact, a.counts.entities] },
  /** Arrivals dropped (open model), of all arrivals. */
  dropped_calls: { kind: 'rate', ratio: (a) => [a.counts.dropped, a.counts.started + a.counts.dropped] },
};

/** Problems with thresholds for a load run, each naming the flag. */
export function checkLoadThresholds(flag: string, thresholds: readonly Threshold[]): string[] {
  const errors: string[] = [];
  for (const t of thresholds) {
    const metric = LOAD_METRICS[t.metric];
    if (!metric) {
      errors.push(`${flag}: unknown metric "${t.metric}" for a load run: known metrics are ${Object.keys(LOAD_METRICS).join(', ')}`);
      continue;
    }
    const kind = t.aggregation.kind;
    if (metric.kind === 'rate' && kind !== 'rate' && kind !== 'count') errors.push(`${flag}: "${t.metric}" is a rate: use rate<… or count…, not "${t.expression}"`);
    if (metric.kind === 'samples' && kind === 'rate') errors.push(`${flag}: "${t.metric}" is not a rate: use p(95), avg, med, min, max or count, not "${t.expression}"`);
  }
  return errors;
}

export function evaluateLoadThresholds(thresholds: readonly Threshold[], a: LoadAggregates): ThresholdResult[] {
  return thresholds.map((t) => {
    const actual = aggregate(t, a);
    return { ...t, actual, ok: actual !== null && compare(actual, t.operator, t.value) };
  });
}

function aggregate(t: Threshold, a: LoadAggregates): number | null {
  const metric = LOAD_METRICS[t.metric];
  if (!metric) return null;
  if (metric.kind === 'rate') {
    const [num, den] = metric.ratio(a);
    if (t.aggregation.kind === 'count') return num;
    return den === 0 ? null : num / den;
  }
  const h: Histogram = a.histograms[metric.histogram];
  const agg = t.aggregation;
  if (agg.kind === 'count') return h.totalCount;
  if (h.totalCount === 0) return null;
  switch (agg.kind) {
    case 'percentile':
      return h.getValueAtPercentile(agg.p) * metric.unit;
    case 'med':
      return h.getValueAtPercentile(50) * metric.unit;
    case 'avg':
      return h.mean * metric.unit;
    case 'min':
      return minValue(h) * metric.unit;
    case 'max':
      return h.maxValue * metric.unit;
    case 'rate':
      return null;
  }
}

export function describeResult(r: ThresholdResult): string {
  const actual = r.actual === null ? 'no samples' : Number.isInteger(r.actual) ? String(r.actual) : r.actual.toFixed(3);
  return `${r.metric} ${r.expression} (actual ${actual})`;
}
