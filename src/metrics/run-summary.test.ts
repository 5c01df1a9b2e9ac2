import { describe, expect, it } from 'vitest';
import type { CallMetrics } from './call-metrics.ts';
import { runPassed, summarizeRun } from './run-summary.ts';
import type { ScoredCall } from '../engine/types.ts';
import { parseThresholdOption } from '../thresholds/parse.ts';

function call(scenario: string, status: ScoredCall['status']): ScoredCall {
  const metrics = { status, reason: null, endedBy: 'caller', durationMs: 1000, turns: [], firstAgentSpeechMs: 100, talkOverMs: 0, deadAirMs: 0, longestSilenceMs: 0, violations: 0, violationCounts: {}, replyTimeouts: 0, framesSent: 50, framesLate5ms: 0 } as CallMetrics;
  return { callId: `${scenario}-${Math.random()}`, scenario, file: `${scenario}.yaml`, callSid: 'CA', streamSid: 'MZ', status, reason: status === 'passed' ? null : 'no reply', events: [], metrics };
}
const info = { agentUrl: 'ws://x', startedAt: new Date(0), finishedAt: new Date(1000), interrupted: false };

describe('run summary', () => {
  it('gives each scenario its pass rate and marks the ones that both passed and failed as flaky', () => {
    const s = summarizeRun([call('a', 'passed'), call('a', 'failed'), call('a', 'passed'), call('b', 'passed'), call('c', 'failed')], info);
    expect(s.scenarios.map((x) => [x.scenario, x.passRate, x.flaky])).toEqual([['a', 2 / 3, true], ['b', 1, false], ['c', 0, false]]);
    expect(runPassed(s)).toBe(false);
  });

  it('passes only when every call passed and every threshold held', () => {
    const calls = [call('a', 'passed'), call('b', 'passed')];
    expect(runPassed(summarizeRun(calls, info))).toBe(true);
    expect(runPassed(summarizeRun(calls, info, parseThresholdOption('call_pass_rate=rate>=1')))).toBe(true);
    expect(runPassed(summarizeRun(calls, info, parseThresholdOption('call_duration_ms=max<500')))).toBe(false);
    expect(runPassed(summarizeRun([], info))).toBe(false);
  });
});
