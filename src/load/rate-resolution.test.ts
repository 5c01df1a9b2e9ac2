import { describe, expect, it } from 'vitest';
import { parseThresholdOption } from '../thresholds/parse.ts';
import { callsToResolve, tooFewCallsNote } from './rate-resolution.ts';

const budget = (option: string) => parseThresholdOption(option)[0];

describe('rate budgets and the calls a find-limit step ends', () => {
  it('needs more calls the tighter the budget', () => {
    expect(callsToResolve(budget('call_failure_rate=rate<0.05'))).toBe(21);
    expect(callsToResolve(budget('call_failure_rate=rate<=0.05'))).toBe(20);
    expect(callsToResolve(budget('entity_exact_rate=rate>=0.9'))).toBe(10);
    expect(callsToResolve(budget('entity_exact_rate=rate>0.75'))).toBe(5);
  });

  it('has no answer for a non-rate budget or one that tolerates nothing', () => {
    expect(callsToResolve(budget('turn_latency_ms=p(95)<800'))).toBeNull();
    expect(callsToResolve(budget('call_failure_rate=rate==0'))).toBeNull();
    expect(callsToResolve(budget('entity_exact_rate=rate>=1'))).toBeNull();
  });

  it('explains a break decided by too few calls, and stays quiet when the step had enough', () => {
    const failure = budget('call_failure_rate=rate<0.05');
    expect(tooFewCallsNote(failure, 5)).toBe(
      'only 5 call(s) ended in this step, so one call moves call_failure_rate by 20%: call_failure_rate rate<0.05 needs ≥ 21 calls per step to be able to hold — lengthen --step-duration',
    );
    expect(tooFewCallsNote(failure, 21)).toBeNull();
    expect(tooFewCallsNote(budget('turn_latency_ms=p(95)<800'), 1)).toBeNull();
  });
});
