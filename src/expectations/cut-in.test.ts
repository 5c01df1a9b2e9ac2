import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../metrics/events.ts';
import { missedCutInReason } from './cut-in.ts';

describe('missedCutInReason', () => {
  it('an interruption after the reply ended: when the agent spoke, when the caller did, the after_ms asked', () => {
    const events: CallEvent[] = [
      { type: 'agent_speech_started', tMs: 1210.4 },
      { type: 'agent_speech_ended', tMs: 2702 },
      { type: 'caller_turn_started', tMs: 1000, turn: 1, kind: 'interrupt' },
      { type: 'caller_speech_started', tMs: 2890, turn: 1 },
      { type: 'interrupt_started', tMs: 2890, turn: 1, agentOnsetMs: 1210.4, afterMs: 1300 },
    ];
    expect(missedCutInReason(events, 1)).toBe(
      "the agent was not speaking when the caller cut in: the agent spoke from 1210 ms to 2702 ms, the caller's voice started at 2890 ms (1680 ms after the agent's first audible sample, after_ms 1300)",
    );
  });

  it('an interruption that never happened says why and how long it waited', () => {
    const events: CallEvent[] = [
      {
        type: 'interrupt_skipped',
        tMs: 6020,
        turn: 2,
        reason: 'the agent did not start speaking in time',
      },
    ];
    expect(missedCutInReason(events, 2)).toBe(
      'the caller never cut in: the agent did not start speaking in time (waited until 6020 ms)',
    );
  });

  it('an agent that had not spoken yet', () => {
    const events: CallEvent[] = [{ type: 'caller_speech_started', tMs: 400, turn: 0 }];
    expect(missedCutInReason(events, 0)).toBe(
      "the agent was not speaking when the caller cut in: it had not spoken yet; the caller's voice started at 400 ms",
    );
  });
});
