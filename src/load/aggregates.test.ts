import { describe, expect, test } from 'vitest';
import { parseThresholdOption } from '../thresholds/parse.ts';
import { LoadAggregates } from './aggregates.ts';
import { checkLoadThresholds, evaluateLoadThresholds } from './budget.ts';
import type { CallOutcome } from '../engine/generator/call-outcome.ts';
import { histogramDistribution } from '../metrics/histograms.ts';

function outcome(
  status: CallOutcome['status'],
  latencies: number[],
  entityExact: boolean[] = [],
): CallOutcome {
  return {
    callId: 'c',
    scenario: 's',
    voice: 'slt',
    status,
    reason: null,
    row: {},
    turnLatenciesMs: latencies,
    ttfbsMs: latencies.map((l) => l / 2),
    durationMs: 10_000,
    entityExact,
    framesSent: 500,
    framesLate5ms: 1,
  };
}

describe('load aggregates', () => {
  test('serialized, decoded and added halves equal the whole (histograms merged, counts summed)', () => {
    const whole = new LoadAggregates();
    const halves = [new LoadAggregates(), new LoadAggregates()];
    for (let i = 0; i < 1000; i++) {
      const o = outcome(
        i % 10 === 0 ? 'failed' : 'passed',
        [300 + (i % 97) * 7, 500 + (i % 13) * 31],
        [i % 3 !== 0],
      );
      whole.recordStarted();
      whole.recordOutcome(o);
      halves[i % 2].recordStarted();
      halves[i % 2].recordOutcome(o);
    }
    const merged = new LoadAggregates();
    for (const h of halves)
      merged.add(LoadAggregates.fromJSON(JSON.parse(JSON.stringify(h.toJSON()))));
    expect(merged.counts).toEqual(whole.counts);
    expect(histogramDistribution(merged.histograms.turn_latency_ms)).toEqual(
      histogramDistribution(whole.histograms.turn_latency_ms),
    );
    expect(merged.histograms.turn_latency_ms.totalCount).toBe(2000);
  });

  test('thresholds on a load run: percentiles from histograms, rates from counters', () => {
    const a = new LoadAggregates();
    for (let i = 1; i <= 100; i++)
      a.recordOutcome(outcome(i <= 4 ? 'failed' : 'passed', [i * 10], [i % 2 === 0]));
    a.recordDropped();
    const results = evaluateLoadThresholds(
      [
        ...parseThresholdOption('turn_latency_ms=p(95)<800,p(50)<=510'),
        ...parseThresholdOption('call_failure_rate=rate<0.05'),
        ...parseThresholdOption('offered_call_pass_rate=rate>0.95'),
        ...parseThresholdOption('entity_exact_rate=rate>=0.5'),
        ...parseThresholdOption('dropped_calls=count==0'),
      ],
      a,
    );
    expect(results.map((r) => [r.metric, r.expression, r.actual, r.ok])).toEqual([
      ['turn_latency_ms', 'p(95)<800', 950, false],
      ['turn_latency_ms', 'p(50)<=510', 500, true],
      ['call_failure_rate', 'rate<0.05', 0.04, true],
      ['offered_call_pass_rate', 'rate>0.95', 96 / 101, true],
      ['entity_exact_rate', 'rate>=0.5', 0.5, true],
      ['dropped_calls', 'count==0', 1, false],
    ]);
  });

  test('entities of calls the harness hung up (graceful stop, Ctrl-C) are no evidence: left out of entity_exact_rate', () => {
    const a = new LoadAggregates();
    a.recordOutcome(outcome('passed', [300], [true, true]));
    a.recordOutcome(outcome('failed', [300], [false]));
    a.recordOutcome(outcome('aborted', [300], [false, false, false]));
    expect([a.counts.entitiesExact, a.counts.entities]).toEqual([2, 3]);
    const [rate] = evaluateLoadThresholds(parseThresholdOption('entity_exact_rate=rate>=0.6'), a);
    expect(rate.actual).toBeCloseTo(2 / 3);
  });

  test('a metric with no samples fails its threshold; unknown metrics and wrong aggregations are named', () => {
    expect(
      evaluateLoadThresholds(
        parseThresholdOption('turn_latency_ms=p(95)<800'),
        new LoadAggregates(),
      )[0],
    ).toMatchObject({ actual: null, ok: false });
    expect(
      checkLoadThresholds('--budget', [
        ...parseThresholdOption('turn_latncy_ms=p(95)<800'),
        ...parseThresholdOption('call_failure_rate=p(95)<1'),
      ]),
    ).toEqual([
      expect.stringMatching(
        /^--budget: unknown metric "turn_latncy_ms".*known metrics are turn_latency_ms/,
      ),
      expect.stringMatching(/^--budget: "call_failure_rate" is a rate/),
    ]);
  });
});
