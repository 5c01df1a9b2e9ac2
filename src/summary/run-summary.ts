/** The run's verdict and distributions, built from scored calls. */
import type { EntityResult } from '../entities/score.ts';
import { evaluateThresholds, type ThresholdResult } from '../thresholds/evaluate.ts';
import { trendValues } from '../metrics/registry.ts';
import type { Threshold } from '../thresholds/parse.ts';
import type { ScoredCall, SkippedScenario } from '../results/scored-call.ts';
import type { CallStatus } from '../metrics/events.ts';
import { distribution, type Distribution } from '../metrics/percentiles.ts';

export interface EntityTypeSummary {
  n: number;
  exact: number;
  exactRate: number;
  meanCer: number;
}

export interface ScenarioSummary {
  scenario: string;
  file: string;
  calls: number;
  passed: number;
  /** passed / calls: with --repeat, how often this scenario passes. */
  passRate: number;
  /** Passed some runs and failed others. */
  flaky: boolean;
  turnLatencyMs: Distribution;
  /** Judged expectations and success criteria of this scenario's calls (skipped ones left out). */
  expectationsPassed: number;
  expectationsJudged: number;
  /** Share of calls that completed the task; null when the scenario has no success criteria. */
  completionRate: number | null;
}

export interface RunSummary {
  /** Which command wrote it (docs/summary.schema.json): `callbench load` and `merge` write `load` and `merge`. */
  kind: 'run';
  agentUrl: string;
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
  /** `neverConnected`: calls whose stream never opened (agent unreachable, upgrade refused); they add no timing samples. */
  calls: Record<CallStatus, number> & { total: number; neverConnected: number };
  metrics: {
    turn_latency_ms: Distribution;
    ttfb_ms: Distribution;
    barge_in_stop_ms: Distribution;
    first_agent_speech_ms: Distribution;
    talk_over_ms: Distribution;
    dead_air_ms: Distribution;
    call_duration_ms: Distribution;
    /** Webhook-first calls only (absent when every call dialled the stream directly). */
    webhook_response_ms?: Distribution;
  };
  violations: Record<string, number>;
  replyTimeouts: number;
  /** Interrupt turns where the agent never stopped talking while the caller talked over it. */
  bargeInsNotStopped: number;
  scenarios: ScenarioSummary[];
  failures: { scenario: string; callId: string; status: CallStatus; reason: string }[];
  generator: { framesSent: number; framesLate5ms: number; lateShare: number };
  /** Entity scores per type, and `all`; empty when no scenario declares entities. */
  entities: Record<string, EntityTypeSummary>;
  /** k6-style thresholds given for the run, evaluated on its calls. */
  thresholds: ThresholdResult[];
  /** Expectations and success criteria over all calls. */
  expectations: { judged: number; passed: number; skipped: number };
  /** Calls whose scenario has success criteria, and how many completed the task. */
  completion: { calls: number; complete: number; rate: number | null };
  skipped: SkippedScenario[];
}

export function summarizeRun(
  calls: readonly ScoredCall[],
  info: {
    agentUrl: string;
    startedAt: Date;
    finishedAt: Date;
    interrupted: boolean;
    skipped?: SkippedScenario[];
  },
  thresholds: readonly Threshold[] = [],
): RunSummary {
  const planned = calls;
  // Calls the run never started (interrupted first) are counted, and nothing else: no metrics, no failures.
  calls = calls.filter((c) => c.status !== 'not_started');
  const turns = calls.flatMap((c) => c.metrics.turns);
  const count = (s: CallStatus): number => planned.filter((c) => c.status === s).length;
  const violations: Record<string, number> = {};
  for (const c of calls)
    for (const [code, n] of Object.entries(c.metrics.violationCounts))
      violations[code] = (violations[code] ?? 0) + n;
  const framesSent = calls.reduce((a, c) => a + c.metrics.framesSent, 0);
  const framesLate = calls.reduce((a, c) => a + c.metrics.framesLate5ms, 0);
  const byScenario = new Map<string, ScoredCall[]>();
  for (const c of calls) byScenario.set(c.scenario, [...(byScenario.get(c.scenario) ?? []), c]);
  return {
    kind: 'run',
    agentUrl: info.agentUrl,
    startedAt: info.startedAt.toISOString(),
    finishedAt: info.finishedAt.toISOString(),
    interrupted: info.interrupted,
    calls: {
      total: planned.length,
      passed: count('passed'),
      failed: count('failed'),
      error: count('error'),
      aborted: count('aborted'),
      not_started: count('not_started'),
      neverConnected: calls.filter((c) => !c.metrics.connected).length,
    },
    metrics: {
      turn_latency_ms: distribution(trendValues('turn_latency_ms', calls)),
      ttfb_ms: distribution(trendValues('ttfb_ms', calls)),
      barge_in_stop_ms: distribution(trendValues('barge_in_stop_ms', calls)),
      first_agent_speech_ms: distribution(trendValues('first_agent_speech_ms', calls)),
      talk_over_ms: distribution(trendValues('talk_over_ms', calls)),
      dead_air_ms: distribution(trendValues('dead_air_ms', calls)),
      call_duration_ms: distribution(trendValues('call_duration_ms', calls)),
      ...webhookResponse(calls),
    },
    violations,
    replyTimeouts: calls.reduce((a, c) => a + c.metrics.replyTimeouts, 0),
    bargeInsNotStopped: turns.filter((t) => t.interruptedAgent && t.bargeInStopMs === null).length,
    scenarios: [...byScenario.entries()].map(([scenario, cs]) => ({
      scenario,
      file: cs[0].file,
      calls: cs.length,
      passed: cs.filter((c) => c.status === 'passed').length,
      passRate: cs.filter((c) => c.status === 'passed').length / cs.length,
      flaky: cs.some((c) => c.status === 'passed') && cs.some((c) => c.status !== 'passed'),
      turnLatencyMs: distribution(cs.flatMap((c) => c.metrics.turns.map((t) => t.latencyMs))),
      ...expectationCounts(cs),
    })),
    failures: calls
      .filter((c) => c.status !== 'passed')
      .map((c) => ({
        scenario: c.scenario,
        callId: c.callId,
        status: c.status,
        reason: c.reason ?? c.status,
      })),
    generator: {
      framesSent,
      framesLate5ms: framesLate,
      lateShare: framesSent ? framesLate / framesSent : 0,
    },
    entities: summarizeEntities(calls.flatMap((c) => c.entities ?? [])),
    thresholds: evaluateThresholds(thresholds, calls, { interrupted: info.interrupted }),
    expectations: {
      judged: calls.flatMap((c) => (c.expectations ?? []).filter((e) => !e.skipped)).length,
      passed: calls.flatMap((c) => (c.expectations ?? []).filter((e) => !e.skipped && e.passed))
        .length,
      skipped: calls.flatMap((c) => (c.expectations ?? []).filter((e) => e.skipped)).length,
    },
    completion: completionOf(calls),
    skipped: info.skipped ?? [],
  };
}

/** webhook_response_ms only when some call was set up through a webhook, so direct runs keep their shape. */
function webhookResponse(calls: readonly ScoredCall[]): { webhook_response_ms?: Distribution } {
  const values = trendValues('webhook_response_ms', calls);
  return values.length ? { webhook_response_ms: distribution(values) } : {};
}

function completionOf(calls: readonly ScoredCall[]): RunSummary['completion'] {
  const judged = calls.filter((c) => c.complete === true || c.complete === false);
  const complete = judged.filter((c) => c.complete === true).length;
  return { calls: judged.length, complete, rate: judged.length ? complete / judged.length : null };
}

function expectationCounts(
  calls: readonly ScoredCall[],
): Pick<ScenarioSummary, 'expectationsPassed' | 'expectationsJudged' | 'completionRate'> {
  const judged = calls.flatMap((c) => (c.expectations ?? []).filter((e) => !e.skipped));
  return {
    expectationsJudged: judged.length,
    expectationsPassed: judged.filter((e) => e.passed).length,
    completionRate: completionOf(calls).rate,
  };
}

function summarizeEntities(results: readonly EntityResult[]): Record<string, EntityTypeSummary> {
  if (results.length === 0) return {};
  const groups = new Map<string, EntityResult[]>([['all', [...results]]]);
  for (const r of results) groups.set(r.type, [...(groups.get(r.type) ?? []), r]);
  const out: Record<string, EntityTypeSummary> = {};
  for (const [type, rs] of groups) {
    const exact = rs.filter((r) => r.exact).length;
    out[type] = {
      n: rs.length,
      exact,
      exactRate: exact / rs.length,
      meanCer: rs.reduce((s, r) => s + r.cer, 0) / rs.length,
    };
  }
  return out;
}

/** Did the run pass: every call passed and every threshold held? */
export function runPassed(s: RunSummary): boolean {
  // A run whose every scenario was skipped passes (as a test run of skipped tests does); an empty one does not.
  const ran = s.calls.total > 0 || (s.skipped?.length ?? 0) > 0;
  return (
    ran && !s.interrupted && s.calls.passed === s.calls.total && s.thresholds.every((t) => t.ok)
  );
}
