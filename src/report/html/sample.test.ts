import { describe, expect, it } from 'vitest';
import { syntheticCall } from '../test-calls.ts';
import { evenSample, sampleTimelines } from './sample.ts';

describe('timeline sampling', () => {
  it('spreads a sample evenly, keeping the first and last', () => {
    expect(evenSample([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([1, 5, 9]);
    expect(evenSample([1, 2], 5)).toEqual([1, 2]);
    expect(evenSample([1, 2, 3], 0)).toEqual([]);
  });

  it('keeps every failed call and samples passing ones, in run order', () => {
    const calls = Array.from({ length: 300 }, (_, i) =>
      syntheticCall({
        callId: `call-${i}`,
        status: i % 50 === 7 ? 'failed' : 'passed',
        reason: i % 50 === 7 ? 'no reply' : null,
        turns: [{ callerMs: [200, 900] }],
      }),
    );
    const s = sampleTimelines(calls);
    expect([s.failedTotal, s.failedShown, s.passingTotal, s.passingShown]).toEqual([6, 6, 294, 50]);
    expect(s.shown).toHaveLength(56);
    expect(s.shown.filter((c) => c.status === 'failed').map((c) => c.callId)).toEqual([
      'call-7',
      'call-57',
      'call-107',
      'call-157',
      'call-207',
      'call-257',
    ]);
    const order = s.shown.map((c) => calls.indexOf(c));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});
