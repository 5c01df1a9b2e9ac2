/**
 * Evaluates k6-style thresholds on metric sinks (src/metrics/sink.ts): one function for a run's
 * thresholds (exact sinks over its calls) and a load run's thresholds and budgets (HDR sinks over
 * its histograms and counters). Trend metrics take percentile, avg, med, min, max and count; rate
 * metrics take rate and count (of true outcomes). Which metrics exist, and where, is the registry's
 * business (src/metrics/registry.ts).
 */
import { conditionOf, matchesTags } from '../util/matrix-condition.ts';
import type { MeasuredCall } from '../metrics/measured-call.ts';
import { exactSink, measuredIn, metricNamed, metricsOf, type Scope } from '../metrics/registry.ts';
import { rateValue, type Sink } from '../metrics/sink.ts';
import type { Operator, Threshold } from './parse.ts';

export interface ThresholdResult extends Threshold {
  /** The aggregated value, or null when there was nothing to aggregate (which fails the threshold). */
  actual: number | null;
  ok: boolean;
  /** Why it was not evaluated: an interrupted run never got to the scenario it is about (then ok is true: it neither held nor failed). */
  skipped?: string;
}

/**
 * Problems with thresholds for a run or a load run: an unknown metric, one not measured there, an
 * aggregation the metric does not have. `flag` (--threshold, --budget) starts each message when given.
 */
export function checkMetricThresholds(
  thresholds: readonly Threshold[],
  scope: Scope,
  flag?: string,
): string[] {
  const errors: string[] = [];
  const where = scope === 'load' ? ' for a load run' : '';
  const lead = flag === undefined ? '' : `${flag}: `;
  for (const t of thresholds) {
    const metric = metricNamed(t.metric);
    if (!metric || !measuredIn(metric, scope)) {
      const elsewhere = metric
        ? ` (it is measured only in a ${scope === 'run' ? 'load run' : 'run'})`
        : '';
      errors.push(
        `${flag === undefined ? 'threshold on ' : lead}unknown metric "${t.metric}"${where}${elsewhere}: known metrics are ${metricsOf(
          scope,
        )
          .map((m) => m.name)
          .join(', ')}`,
      );
      continue;
    }
    const kind = t.aggregation.kind;
    if (metric.kind === 'rate' && kind !== 'rate' && kind !== 'count')
      errors.push(`${lead}"${t.metric}" is a rate: use rate>… or count…, not "${t.expression}"`);
    if (metric.kind === 'trend' && kind === 'rate')
      errors.push(
        `${lead}"${t.metric}" is not a rate: use p(95), avg, med, min, max or count, not "${t.expression}"`,
      );
  }
  return errors;
}

/** The one evaluation: each threshold's aggregation read from the sink `sinkFor` gives for it (null: not measured). */
export function evaluateOnSinks(
  thresholds: readonly Threshold[],
  sinkFor: (t: Threshold) => Sink | null,
): ThresholdResult[] {
  return thresholds.map((t) => {
    const sink = sinkFor(t);
    const actual = sink === null ? null : aggregate(t, sink);
    return { ...t, actual, ok: actual !== null && compare(actual, t.operator, t.value) };
  });
}

function aggregate(t: Threshold, sink: Sink): number | null {
  const a = t.aggregation;
  if (sink.kind === 'rate')
    return a.kind === 'count' ? sink.passes : a.kind === 'rate' ? rateValue(sink) : null;
  switch (a.kind) {
    case 'count':
      return sink.count;
    case 'percentile':
      return sink.percentile(a.p);
    case 'med':
      return sink.percentile(50);
    case 'avg':
      return sink.mean();
    case 'min':
      return sink.min();
    case 'max':
      return sink.max();
    case 'rate':
      return null;
  }
}

/** A run's thresholds: checks that each names a metric a run measures, with an aggregation it has. */
export function checkThresholds(thresholds: readonly Threshold[]): string[] {
  return checkMetricThresholds(thresholds, 'run');
}

export const SCENARIO_NEVER_RAN = 'the run was interrupted before this scenario ran';
export const CONDITION_NEVER_RAN =
  'the run was interrupted before any call of this matrix condition ran';

/**
 * A run's thresholds on its calls (a scenario's own thresholds on that scenario's calls, and its
 * matrix variants'; tags select one matrix condition). In an interrupted run, a scoped threshold
 * none of whose calls ran is skipped, not failed: there is nothing to judge, which is not a failure
 * of the agent.
 */
export function evaluateThresholds(
  thresholds: readonly Threshold[],
  calls: readonly MeasuredCall[],
  run: { interrupted?: boolean } = {},
): ThresholdResult[] {
  const scoped = (t: Threshold): boolean => t.scenario !== undefined || t.tags !== undefined;
  const ran = (t: Threshold): readonly MeasuredCall[] =>
    scoped(t) ? calls.filter((c) => inScope(t, c.scenario) && c.status !== 'not_started') : calls;
  const neverRan = (t: Threshold): boolean =>
    run.interrupted === true && scoped(t) && ran(t).length === 0;
  const evaluated = evaluateOnSinks(thresholds, (t) => exactSink(t.metric, ran(t)));
  return evaluated.map((r) =>
    neverRan(r)
      ? {
          ...r,
          actual: null,
          ok: true,
          skipped: r.scenario !== undefined ? SCENARIO_NEVER_RAN : CONDITION_NEVER_RAN,
        }
      : r,
  );
}

/** A scenario's thresholds cover its matrix variants too; tags select calls of one matrix condition. */
function inScope(t: Threshold, scenario: string): boolean {
  if (
    t.scenario !== undefined &&
    scenario !== t.scenario &&
    conditionOf(scenario)?.base !== t.scenario
  )
    return false;
  return t.tags === undefined || matchesTags(scenario, t.tags);
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
