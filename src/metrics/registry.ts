/**
 * Every metric callbench measures, once: its name, kind, unit, what it means, and where its samples
 * come from — each scored call (a run: exact sinks) and/or a load run's histograms and counters
 * (HDR sinks). The same name means the same thing in run, load, merge, thresholds, budgets,
 * summary.json, CSVs, HTML and docs/metrics.md (a test checks that table against this one).
 *
 * A metric without `fromCall` cannot be measured in a run, one without `hdr`/`fromCounts` not in a
 * load run: a threshold on it there is an input error naming the metrics that can.
 */
import type { CallStatus } from './events.ts';
import type { Histogram } from './histograms.ts';
import type { MeasuredCall } from './measured-call.ts';
import { ExactTrend, HdrTrend, rateSink, type Sink } from './sink.ts';

/** The call counts a load run keeps (src/load/aggregates.ts LoadCounts has them). */
export interface CallCounts {
  started: number;
  passed: number;
  failed: number;
  error: number;
  /** Interrupted by the harness (graceful stop over, Ctrl-C): neither passed nor failed. */
  aborted: number;
  dropped: number;
  entities: number;
  entitiesExact: number;
}

/** The histograms a load run keeps, by name. */
export type HdrHistograms = Readonly<
  Record<'turn_latency_ms' | 'ttfb_ms' | 'call_duration_ms' | 'send_lateness_us', Histogram>
>;

interface MetricBase {
  name: string;
  /** ratio: a share (rates) or, for entity_cer, errors per character. */
  unit: 'ms' | 'count' | 'ratio';
  description: string;
}

export interface TrendMetric extends MetricBase {
  kind: 'trend';
  /** The samples one scored call contributes. */
  fromCall?: (call: MeasuredCall) => number[];
  /** The load histogram holding it, and what turns its stored values into the unit. */
  hdr?: { histogram: keyof HdrHistograms; scale: number };
}

export interface RateMetric extends MetricBase {
  kind: 'rate';
  /** The outcomes (true = counted) one scored call contributes; none when it does not take part. */
  fromCall?: (call: MeasuredCall) => boolean[];
  /** [true outcomes, all outcomes] from a load run's counters. */
  fromCounts?: (c: CallCounts) => [number, number];
}

export type Metric = TrendMetric | RateMetric;
export type Scope = 'run' | 'load';

const present = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);
/** Calls that ended on their own: not interrupted by the harness (graceful stop over, Ctrl-C), not dropped. */
const endedOnTheirOwn = (c: CallCounts): number => c.passed + c.failed + c.error;
/** A call that ended on its own: not aborted by the harness, and not one an interrupted run never started. */
export const endedOnItsOwn = (status: CallStatus): boolean =>
  status !== 'aborted' && status !== 'not_started';
const selfEnded = (call: MeasuredCall): boolean => endedOnItsOwn(call.status);
/** Per-call durations of a call whose stream opened: one that never connected has none (its zeros would flatter a dead-air threshold). */
const ifConnected = (call: MeasuredCall, value: number): number[] =>
  call.metrics.connected ? [value] : [];

export const METRIC_REGISTRY = [
  {
    name: 'turn_latency_ms',
    kind: 'trend',
    unit: 'ms',
    description: 'caller’s last voiced sample → first audible sample of the reply, as played',
    fromCall: (c) => present(c.metrics.turns.map((t) => t.latencyMs)),
    hdr: { histogram: 'turn_latency_ms', scale: 1 },
  },
  {
    name: 'ttfb_ms',
    kind: 'trend',
    unit: 'ms',
    description: 'caller’s last voiced sample → the first agent media message after it',
    fromCall: (c) => present(c.metrics.turns.map((t) => t.ttfbMs)),
    hdr: { histogram: 'ttfb_ms', scale: 1 },
  },
  {
    name: 'barge_in_stop_ms',
    kind: 'trend',
    unit: 'ms',
    description: 'caller starts talking over the agent → the agent’s audio stops',
    fromCall: (c) =>
      present(c.metrics.turns.filter((t) => t.interruptedAgent).map((t) => t.bargeInStopMs)),
  },
  {
    name: 'first_agent_speech_ms',
    kind: 'trend',
    unit: 'ms',
    description: 'stream start → the agent first audible (its greeting)',
    fromCall: (c) => present([c.metrics.firstAgentSpeechMs]),
  },
  {
    name: 'talk_over_ms',
    kind: 'trend',
    unit: 'ms',
    description: 'per call: time the agent was audible while the caller spoke',
    fromCall: (c) => ifConnected(c, c.metrics.talkOverMs),
  },
  {
    name: 'dead_air_ms',
    kind: 'trend',
    unit: 'ms',
    description:
      'per call: total of mutual-silence gaps over the dead-air threshold, between first and last speech',
    fromCall: (c) => ifConnected(c, c.metrics.deadAirMs),
  },
  {
    name: 'call_duration_ms',
    kind: 'trend',
    unit: 'ms',
    description: 'per call: stream start → end',
    fromCall: (c) => ifConnected(c, c.metrics.durationMs),
    hdr: { histogram: 'call_duration_ms', scale: 1 },
  },
  {
    name: 'self_interruptions',
    kind: 'trend',
    unit: 'count',
    description:
      'per call: clears that flushed the agent’s audible audio while the caller was silent (echo or noise taken for the caller)',
    fromCall: (c) => ifConnected(c, c.metrics.selfInterruptions),
  },
  {
    name: 'violations',
    kind: 'trend',
    unit: 'count',
    description: 'per call: Twilio protocol violations by the agent',
    fromCall: (c) => ifConnected(c, c.metrics.violations),
  },
  {
    name: 'entity_cer',
    kind: 'trend',
    unit: 'ratio',
    description: 'per declared entity: character error rate of what the agent captured',
    fromCall: (c) => (c.entities ?? []).map((e) => e.cer),
  },
  {
    name: 'send_lateness_ms',
    kind: 'trend',
    unit: 'ms',
    description: 'per frame: how late the generator sent it after its due time',
    hdr: { histogram: 'send_lateness_us', scale: 0.001 },
  },
  // ---- webhook-first calls (issue #13) ----
  {
    name: 'webhook_response_ms',
    kind: 'trend',
    unit: 'ms',
    description:
      'webhook-first calls: the voice webhook POSTed → its answer (a timeout counts its wait)',
    fromCall: (c) => present([c.metrics.webhookResponseMs ?? null]),
  },
  // ---- end webhook-first calls ----
  {
    name: 'call_pass_rate',
    kind: 'rate',
    unit: 'ratio',
    description:
      'calls that passed, of the calls that ended on their own (not aborted, not unstarted)',
    fromCall: (c) => (selfEnded(c) ? [c.status === 'passed'] : []),
    fromCounts: (c) => [c.passed, endedOnTheirOwn(c)],
  },
  {
    name: 'call_failure_rate',
    kind: 'rate',
    unit: 'ratio',
    description:
      'calls that failed or errored, of the calls that ended on their own (not aborted, not unstarted)',
    fromCall: (c) => (selfEnded(c) ? [c.status !== 'passed'] : []),
    fromCounts: (c) => [c.failed + c.error, endedOnTheirOwn(c)],
  },
  {
    name: 'offered_call_pass_rate',
    kind: 'rate',
    unit: 'ratio',
    description:
      'calls that passed, of all the calls the plan offered (ended on their own, or dropped)',
    fromCounts: (c) => [c.passed, endedOnTheirOwn(c) + c.dropped],
  },
  {
    name: 'dropped_calls',
    kind: 'rate',
    unit: 'ratio',
    description: 'open-model arrivals dropped at --max-in-flight, of all arrivals',
    fromCounts: (c) => [c.dropped, c.started + c.dropped],
  },
  {
    name: 'entity_exact_rate',
    kind: 'rate',
    unit: 'ratio',
    description:
      'entities the caller gave that the agent captured exactly, in calls that ended on their own (a call the harness hung up had no chance to use them)',
    fromCall: (c) => (selfEnded(c) ? (c.entities ?? []).map((e) => e.exact) : []),
    fromCounts: (c) => [c.entitiesExact, c.entities],
  },
  {
    name: 'completion_rate',
    kind: 'rate',
    unit: 'ratio',
    description: 'calls that met their success criteria, of the calls whose scenario has any',
    fromCall: (c) => (c.complete === undefined || c.complete === null ? [] : [c.complete]),
  },
  {
    name: 'expectation_pass_rate',
    kind: 'rate',
    unit: 'ratio',
    description: 'judged expectations and success criteria that held (skipped ones left out)',
    fromCall: (c) => (c.expectations ?? []).filter((e) => !e.skipped).map((e) => e.passed),
  },
] as const satisfies readonly Metric[];

export type MetricName = (typeof METRIC_REGISTRY)[number]['name'];

const BY_NAME: ReadonlyMap<string, Metric> = new Map(
  METRIC_REGISTRY.map((m: Metric) => [m.name, m]),
);

export function metricNamed(name: string): Metric | undefined {
  return BY_NAME.get(name);
}

export function measuredIn(m: Metric, scope: Scope): boolean {
  if (scope === 'run') return m.fromCall !== undefined;
  return m.kind === 'trend' ? m.hdr !== undefined : m.fromCounts !== undefined;
}

/** The metrics a run or a load run measures, in registry order. */
export function metricsOf(scope: Scope): Metric[] {
  return METRIC_REGISTRY.filter((m: Metric) => measuredIn(m, scope));
}

/** Every sample a trend metric takes from these calls (a run's exact values). */
export function trendValues(name: MetricName, calls: readonly MeasuredCall[]): number[] {
  const m = BY_NAME.get(name);
  return m?.kind === 'trend' && m.fromCall ? calls.flatMap(m.fromCall) : [];
}

/** A metric's exact sink over a run's calls; null when the run does not measure it. */
export function exactSink(name: string, calls: readonly MeasuredCall[]): Sink | null {
  const m = BY_NAME.get(name);
  if (!m?.fromCall) return null;
  if (m.kind === 'trend') return new ExactTrend(calls.flatMap(m.fromCall));
  const outcomes = calls.flatMap(m.fromCall);
  return rateSink(outcomes.filter(Boolean).length, outcomes.length);
}

/** A metric's HDR sink over a load run's (or interval's, or step's) histograms and counters; null when load does not measure it. */
export function hdrSink(name: string, histograms: HdrHistograms, counts: CallCounts): Sink | null {
  const m = BY_NAME.get(name);
  if (!m) return null;
  if (m.kind === 'trend')
    return m.hdr ? new HdrTrend(histograms[m.hdr.histogram], m.hdr.scale) : null;
  if (!m.fromCounts) return null;
  const [passes, total] = m.fromCounts(counts);
  return rateSink(passes, total);
}
