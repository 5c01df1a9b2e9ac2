import { describe, expect, it } from 'vitest';
import type { CallMetrics } from '../metrics/call-metrics.ts';
import { runPassed, summarizeRun } from './run-summary.ts';
import type { ScoredCall } from '../results/scored-call.ts';
import { parseThresholdOption } from '../thresholds/parse.ts';
import { notStartedCall } from '../report/not-started.ts';

function call(scenario: string, status: ScoredCall['status']): ScoredCall {
  const metrics = {
    connected: true,
    status,
    reason: null,
    endedBy: 'caller',
    durationMs: 1000,
    turns: [],
    firstAgentSpeechMs: 100,
    talkOverMs: 0,
    deadAirMs: 0,
    longestSilenceMs: 0,
    violations: 0,
    violationCounts: {},
    replyTimeouts: 0,
    selfInterruptions: 0,
    framesSent: 50,
    framesLate5ms: 0,
  } as CallMetrics;
  return {
    callId: `${scenario}-${Math.random()}`,
    scenario,
    file: `${scenario}.yaml`,
    callSid: 'CA',
    streamSid: 'MZ',
    status,
    reason: status === 'passed' ? null : 'no reply',
    events: [],
    metrics,
  };
}
const info = {
  agentUrl: 'ws://x',
  startedAt: new Date(0),
  finishedAt: new Date(1000),
  interrupted: false,
};

describe('run summary', () => {
  it('has webhook_response_ms only when calls were set up through a webhook', () => {
    const direct = summarizeRun([call('a', 'passed')], info);
    expect(direct.metrics.webhook_response_ms).toBeUndefined();
    const hooked = [120, 340].map((ms) => {
      const c = call('a', 'passed');
      return { ...c, metrics: { ...c.metrics, webhookResponseMs: ms } };
    });
    const s = summarizeRun([...hooked, call('b', 'passed')], info);
    expect(s.metrics.webhook_response_ms).toMatchObject({ count: 2, min: 120, max: 340 });
  });

  it('gives each scenario its pass rate and marks the ones that both passed and failed as flaky', () => {
    const s = summarizeRun(
      [
        call('a', 'passed'),
        call('a', 'failed'),
        call('a', 'passed'),
        call('b', 'passed'),
        call('c', 'failed'),
      ],
      info,
    );
    expect(s.scenarios.map((x) => [x.scenario, x.passRate, x.flaky])).toEqual([
      ['a', 2 / 3, true],
      ['b', 1, false],
      ['c', 0, false],
    ]);
    expect(runPassed(s)).toBe(false);
  });

  it('passes only when every call passed and every threshold held', () => {
    const calls = [call('a', 'passed'), call('b', 'passed')];
    expect(runPassed(summarizeRun(calls, info))).toBe(true);
    expect(
      runPassed(summarizeRun(calls, info, parseThresholdOption('call_pass_rate=rate>=1'))),
    ).toBe(true);
    expect(
      runPassed(summarizeRun(calls, info, parseThresholdOption('call_duration_ms=max<500'))),
    ).toBe(false);
    expect(runPassed(summarizeRun([], info))).toBe(false);
  });

  it('interrupted: an unstarted call is counted but adds nothing, and a threshold on a scenario that never ran is skipped, not failed', () => {
    const unstarted = notStartedCall({ name: 'b', file: 'b.yaml' }, 'call-0002');
    const thresholds = [
      ...parseThresholdOption('call_pass_rate=rate>=1'),
      ...parseThresholdOption('call_duration_ms=max<5000').map((t) => ({ ...t, scenario: 'b' })),
    ];
    const s = summarizeRun(
      [call('a', 'passed'), unstarted],
      { ...info, interrupted: true },
      thresholds,
    );
    expect(s.calls).toMatchObject({ total: 2, passed: 1, not_started: 1, neverConnected: 0 });
    expect(s.metrics.call_duration_ms.count).toBe(1);
    expect(s.thresholds.map((t) => [t.metric, t.ok, t.skipped ?? null])).toEqual([
      ['call_pass_rate', true, null],
      ['call_duration_ms', true, 'the run was interrupted before this scenario ran'],
    ]);
    // Not interrupted, the same empty scenario threshold fails: no samples.
    expect(summarizeRun([call('a', 'passed')], info, thresholds).thresholds[1]).toMatchObject({
      ok: false,
      actual: null,
    });
  });

  it('a call that never connected adds no per-call samples, so a dead-air threshold cannot pass on it', () => {
    const dead = call('a', 'error');
    dead.metrics = { ...dead.metrics, connected: false };
    const s = summarizeRun([dead], info, parseThresholdOption('dead_air_ms=max<100'));
    expect(s.calls.neverConnected).toBe(1);
    expect([
      s.metrics.dead_air_ms.count,
      s.metrics.talk_over_ms.count,
      s.metrics.call_duration_ms.count,
    ]).toEqual([0, 0, 0]);
    expect(s.thresholds[0]).toMatchObject({ ok: false, actual: null });
  });
});
