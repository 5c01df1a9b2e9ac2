/**
 * Evaluates thresholds on a run's calls. Sample metrics (times in ms) take percentile, avg,
 * med, min, max and count; rate metrics (shares of calls or turns) take rate and count.
 * Percentiles use the same interpolation as every report (src/metrics/percentiles.ts).
 */
import { percentile } from '../metrics/percentiles.ts';
import type { EntityResult } from '../entities/score.ts';
import type { CallMetrics } from '../metrics/call-metrics.ts';
import type { CallStatus } from '../metrics/events.ts';
import type { ExpectationResult } from '../expectations/types.ts';
import type { Operator, Threshold } from './parse.ts';

/** What thresholds need of a call (a ThresholdCall has it). */
export interface ThresholdCall {
  scenario: string;
  status: CallStatus;
  metrics: CallMetrics;
  entities?: EntityResult[];
  expectations?: ExpectationResult[];
  complete?: boolean | null;
}
interface SampleMetric {
  kind: 'samples';
  values(calls: readonly ThresholdCall[]): number[];
}
interface RateMetric {
  kind: 'rate';
  /** Each call or turn as true (counted in the rate) or false. */
  outcomes(calls: readonly ThresholdCall[]): boolean[];
}

const turnsOf = (calls: readonly ThresholdCall[]) => calls.flatMap((c) => c.metrics.turns);
const present = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);

/** Every metric a threshold can name; the run summary's distributions come from the same values. */
export const METRICS = {
  turn_latency_ms: { kind: 'samples', values: (c) => present(turnsOf(c).map((t) => t.latencyMs)) },
  ttfb_ms: { kind: 'samples', values: (c) => present(turnsOf(c).map((t) => t.ttfbMs)) },
  barge_in_stop_ms: { kind: 'samples', values: (c) => present(turnsOf(c).filter((t) => t.interruptedAgent).map((t) => t.bargeInStopMs)) },
  first_agent_speech_ms: { kind: 'samples', values: (c) => present(c.map((x) => x.metrics.firstAgentSpeechMs)) },
  talk_over_ms: { kind: 'samples', values: (c) => c.map((x) => x.metrics.talkOverMs) },
  dead_air_ms: { kind: 'samples', values: (c) => c.map((x) => x.metrics.deadAirMs) },
  call_duration_ms: { kind: 'samples', values: (c) => c.map((x) => x.metrics.durationMs) },
  call_pass_rate: { kind: 'rate', outcomes: (c) => c.map((x) => x.status === 'passed') },
  violations: { kind: 'samples', values: (c) => c.map((x) => x.metrics.violations) },
  entity_exact_rate: { kind: 'rate', outcomes: (c) => c.flatMap((x) => (x.entities ?? []).map((e) => e.exact)) },
  entity_cer: { kind: 'samples', values: (c) => c.flatMap((x) => (x.entities ?? []).map((e) => e.cer)) },
  /** Calls whose scenario has success criteria: the share that completed their task. */
  completion_rate: { kind: 'rate', outcomes: (c) => c.flatMap((x) => (x.complete === undefined || x.complete === null ? [] : [x.complete])) },
  // ---- webhook-first calls (issue #13) ----
  /** How long the voice webhook took to answer (webhook-first calls only). */
  webhook_response_ms: { kind: 'samples', values: (c) => present(c.map((x) => x.metrics.webhookResponseMs ?? null)) },
  // ---- end webhook-first calls ----
  /** Every judged expectation and success criterion (skipped ones left out). */
  expectation_pass_rate: { kind: 'rate', outcomes: (c) => c.flatMap((x) => (x.expectations ?? []).filter((e) => !e.skipped).map((e) => e.passed)) },
} satisfies Record<string, SampleMetric | RateMetric>;

const METRIC_BY_NAME: Readonly<Record<string, SampleMetric | RateMetric>> = METRICS;

export interface ThresholdResult extends Threshold {
  /** The aggregated value, or null when there was nothing to aggregate (which fails the threshold). */
  actual: number | null;
  ok: boolean;
}

/** Checks that every threshold names a known metric and an aggregation that metric has. */
export function checkThresholds(thresholds: readonly Threshold[]): string[] {
  const errors: string[] = [];
  for (const t of thresholds) {
    const metric = METRIC_BY_NAME[t.metric];
    if (!metric) {
      errors.push(`threshold on unknown metric "${t.metric}": known metrics are ${Object.keys(METRICS).join(', ')}`);
      continue;
    }
    const kind = t.aggregation.kind;
    if (metric.kind === 'rate' && kind !== 'rate' && kind !== 'count') errors.push(`"${t.metric}" is a rate: use rate>… or count…, not "${t.expression}"`);
    if (metric.kind === 'samples' && kind === 'rate') errors.push(`"${t.metric}" is not a rate: use p(95), avg, med, min, max or count, not "${t.expression}"`);
  }
  return errors;
}

export function evaluateThresholds(thresholds: readonly Threshold[], calls: readonly ThresholdCall[]): ThresholdResult[] {
  return thresholds.map((t) => {
    const actual = aggregate(t, t.scenario === undefined ? calls : calls.filter((c) => c.scenario === t.scenario));
    return { ...t, actual, ok: actual !== null && compare(actual, t.operator, t.value) };
  });
}

function aggregate(t: Threshold, calls: readonly ThresholdCall[]): number | null {
  const metric = METRIC_BY_NAME[t.metric];
  if (!metric) return null;
  if (metric.kind === 'rate') {
    const outcomes = metric.outcomes(calls);
    if (t.aggregation.kind === 'count') return outcomes.filter(Boolean).length;
    return outcomes.length === 0 ? null : outcomes.filter(Boolean).length / outcomes.length;
  }
  const values = metric.values(calls);
  const a = t.aggregation;
  if (a.kind === 'count') return values.length;
  if (values.length === 0) return null;
  switch (a.kind) {
    case 'percentile':
      return percentile(values, a.p);
    case 'med':
      return percentile(values, 50);
    case 'avg':
      return values.reduce((s, v) => s + v, 0) / values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'rate':
      return null;
  }
}

/** `actual <op> value`, as a threshold expression reads. */
export function compare(actual: number, op: Operator, value: number): boolean {
  switch (op) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}
