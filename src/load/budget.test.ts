/**
 * One metric, one meaning: the same calls measured as a run (exact sinks over scored calls) and as
 * a load run (HDR sinks over the outcomes' histograms and counters) give the same values.
 */
import { describe, expect, test } from 'vitest';
import type { ScoredCall } from '../results/scored-call.ts';
import type { CallMetrics } from '../metrics/call-metrics.ts';
import type { TurnMetrics } from '../metrics/turn-metrics.ts';
import { evaluateThresholds } from '../thresholds/evaluate.ts';
import { parseThresholdOption } from '../thresholds/parse.ts';
import { LoadAggregates } from './aggregates.ts';
import { evaluateLoadThresholds } from './budget.ts';
import { outcomeOf } from '../engine/generator/call-outcome.ts';

function scored(i: number): ScoredCall {
  const status: ScoredCall['status'] =
    i % 10 === 0 ? 'failed' : i % 17 === 0 ? 'aborted' : i % 23 === 0 ? 'error' : 'passed';
  const turns = [300 + (i % 97) * 7, 500 + (i % 13) * 31].map(
    (latencyMs, t) =>
      ({
        turn: t,
        latencyMs,
        ttfbMs: latencyMs - 40,
        bargeInStopMs: null,
        interruptedAgent: false,
      }) as unknown as TurnMetrics,
  );
  const metrics = {
    connected: true,
    status,
    reason: null,
    endedBy: 'caller',
    durationMs: 9000 + i,
    turns,
    firstAgentSpeechMs: 100,
    talkOverMs: 0,
    deadAirMs: 0,
    longestSilenceMs: 0,
    violations: 0,
    violationCounts: {},
    replyTimeouts: 0,
    selfInterruptions: 0,
    framesSent: 500,
    framesLate5ms: 0,
  } as CallMetrics;
  const entities = [
    {
      turn: 1,
      name: 'order_id',
      type: 'code',
      declared: 'AB1',
      canonical: 'AB1',
      captured: null,
      exact: i % 3 !== 0,
      cer: i % 3 === 0 ? 1 : 0,
      source: 'side_channel',
    },
  ] as unknown as ScoredCall['entities'];
  return {
    callId: `c${i}`,
    scenario: 's',
    file: 's.yaml',
    callSid: 'CA',
    streamSid: 'MZ',
    status,
    reason: null,
    events: [],
    metrics,
    entities,
  };
}

describe('run and load measure a metric the same way', () => {
  test('rates agree exactly; trends agree within the HDR histograms’ precision', () => {
    const calls = Array.from({ length: 400 }, (_, i) => scored(i));
    const load = new LoadAggregates();
    for (const c of calls) {
      load.recordStarted();
      load.recordOutcome(outcomeOf(c, 'slt'));
    }
    const thresholds = [
      ...parseThresholdOption('call_pass_rate=rate>0.5,count>0'),
      ...parseThresholdOption('call_failure_rate=rate<0.5'),
      ...parseThresholdOption('entity_exact_rate=rate>0.5'),
      ...parseThresholdOption('turn_latency_ms=p(95)<2000,avg<2000,max<2000,count>0'),
      ...parseThresholdOption('call_duration_ms=p(50)<20000'),
    ];
    const run = evaluateThresholds(thresholds, calls);
    const hdr = evaluateLoadThresholds(thresholds, load);
    expect(run.every((r) => r.actual !== null)).toBe(true);
    for (const [i, r] of run.entries()) {
      const h = hdr[i].actual ?? NaN;
      if (r.metric.endsWith('_rate') || r.expression.startsWith('count')) expect(h).toBe(r.actual);
      else expect(Math.abs(h - (r.actual ?? 0)) / (r.actual ?? 1)).toBeLessThan(0.01);
    }
    // Aborted calls did not end on their own: in neither side of call_pass_rate / call_failure_rate.
    const ended = calls.filter((c) => c.status !== 'aborted');
    expect(run[0].actual).toBe(ended.filter((c) => c.status === 'passed').length / ended.length);
    expect((run[0].actual ?? 0) + (run[2].actual ?? 0)).toBeCloseTo(1, 12);
  });
});
