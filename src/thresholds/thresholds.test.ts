import { describe, expect, it } from 'vitest';
import type { CallMetrics } from '../metrics/call-metrics.ts';
import type { ScoredCall } from '../results/scored-call.ts';
import type { TurnMetrics } from '../metrics/turn-metrics.ts';
import { checkThresholds, evaluateThresholds } from './evaluate.ts';
import { parseThresholdExpression, parseThresholdOption } from './parse.ts';

function call(status: ScoredCall['status'], latencies: number[]): ScoredCall {
  const turns = latencies.map(
    (latencyMs, i) =>
      ({
        turn: i,
        latencyMs,
        ttfbMs: latencyMs - 10,
        bargeInStopMs: null,
        interruptedAgent: null,
      }) as unknown as TurnMetrics,
  );
  const metrics = {
    status,
    reason: null,
    endedBy: 'caller',
    durationMs: 10_000,
    turns,
    firstAgentSpeechMs: 100,
    talkOverMs: 0,
    deadAirMs: 0,
    longestSilenceMs: 0,
    violations: 0,
    violationCounts: {},
    replyTimeouts: 0,
    selfInterruptions: 0,
    framesSent: 0,
    framesLate5ms: 0,
  } as CallMetrics;
  return {
    callId: 'c',
    scenario: 's',
    file: 's.yaml',
    callSid: 'CA',
    streamSid: 'MZ',
    status,
    reason: null,
    events: [],
    metrics,
  };
}

describe('threshold expressions (k6 syntax)', () => {
  it.each([
    ['p(95)<800', { kind: 'percentile', p: 95 }, '<', 800],
    ['p(99.9) <= 1500', { kind: 'percentile', p: 99.9 }, '<=', 1500],
    ['avg<200', { kind: 'avg' }, '<', 200],
    ['med>=100', { kind: 'med' }, '>=', 100],
    ['rate>0.95', { kind: 'rate' }, '>', 0.95],
    ['count==0', { kind: 'count' }, '==', 0],
  ])('%s', (text, aggregation, operator, value) => {
    expect(parseThresholdExpression('m', text)).toMatchObject({ aggregation, operator, value });
  });

  it('rejects what it does not understand, saying what it expects', () => {
    expect(() => parseThresholdExpression('m', 'p95<800')).toThrow(/write e\.g\. p\(95\)<800/);
    expect(() => parseThresholdExpression('m', 'p(0)<1')).toThrow(/percentile must be in/);
    expect(() => parseThresholdExpression('m', 'avg<fast')).toThrow(/not understood/);
  });

  it('reads --threshold metric=expr,expr with commas inside p() left alone', () => {
    expect(
      parseThresholdOption('turn_latency_ms=p(50)<450,p(95)<800').map((t) => t.expression),
    ).toEqual(['p(50)<450', 'p(95)<800']);
    expect(() => parseThresholdOption('p(95)<800')).toThrow(/metric=expression/);
  });
});

describe('evaluating thresholds', () => {
  const calls = [
    call('passed', [100, 200, 300]),
    call('passed', [400, 500]),
    call('failed', [600, 700, 800, 900, 1000]),
  ];

  it('aggregates samples and rates over the run, as the reports do', () => {
    const results = evaluateThresholds(
      [
        ...parseThresholdOption('turn_latency_ms=p(50)<600,p(95)<900,avg==550,max<=1000,count==10'),
        ...parseThresholdOption('call_pass_rate=rate>0.9'),
      ],
      calls,
    );
    expect(
      results.map((r) => [
        r.expression,
        r.actual === null ? null : Math.round(r.actual * 1000) / 1000,
        r.ok,
      ]),
    ).toEqual([
      ['p(50)<600', 550, true],
      ['p(95)<900', 955, false],
      ['avg==550', 550, true],
      ['max<=1000', 1000, true],
      ['count==10', 10, true],
      ['rate>0.9', 0.667, false],
    ]);
  });

  it('a metric with no samples fails its threshold (nothing measured is not a pass)', () => {
    const [r] = evaluateThresholds(parseThresholdOption('barge_in_stop_ms=p(95)<300'), calls);
    expect(r).toMatchObject({ actual: null, ok: false });
  });

  it('names unknown metrics and aggregations that do not fit', () => {
    expect(checkThresholds(parseThresholdOption('transfer_rate=rate>0.9'))[0]).toMatch(
      /unknown metric "transfer_rate": known metrics are turn_latency_ms/,
    );
    expect(checkThresholds(parseThresholdOption('call_pass_rate=p(95)<1'))[0]).toMatch(/is a rate/);
    expect(checkThresholds(parseThresholdOption('turn_latency_ms=rate>0.5'))[0]).toMatch(
      /is not a rate/,
    );
  });
});
