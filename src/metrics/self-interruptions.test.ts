import { describe, expect, it } from 'vitest';
import type { CallEvent } from './events.ts';
import { selfInterruptionFailure, selfInterruptions } from './self-interruptions.ts';

const agentTalks = (fromMs: number): CallEvent[] => [
  { type: 'playback_started', tMs: fromMs },
  { type: 'agent_speech_started', tMs: fromMs + 40 },
];

describe('selfInterruptions', () => {
  it('counts a clear of the greeting before the caller said anything (echo taken for the caller)', () => {
    const events: CallEvent[] = [
      ...agentTalks(0),
      { type: 'clear_received', tMs: 600, flushedMs: 2100 },
    ];
    expect(selfInterruptions(events)).toEqual([{ tMs: 600, flushedMs: 2100 }]);
    expect(selfInterruptionFailure(events)).toBe(
      'the agent cut itself off while the caller was silent: a clear at 0.60 s flushed 2.10 s of its audio — echo or noise taken for the caller?',
    );
  });

  it('does not count a barge-in: the caller talked over the agent', () => {
    const events: CallEvent[] = [
      ...agentTalks(0),
      { type: 'interrupt_started', tMs: 800, turn: 1, agentOnsetMs: 40 },
      { type: 'caller_speech_started', tMs: 800, turn: 1 },
      { type: 'caller_speech_ended', tMs: 1000, turn: 1 },
      { type: 'clear_received', tMs: 1300, flushedMs: 900 },
    ];
    expect(selfInterruptions(events)).toEqual([]);
    expect(selfInterruptionFailure(events)).toBeNull();
  });

  it('does not count a caller who stopped just before the reply began (the agent’s recognizer lags)', () => {
    const events: CallEvent[] = [
      { type: 'caller_speech_started', tMs: 0, turn: 0 },
      { type: 'caller_speech_ended', tMs: 1000, turn: 0 },
      ...agentTalks(1300),
      { type: 'clear_received', tMs: 1600, flushedMs: 500 },
    ];
    expect(selfInterruptions(events)).toEqual([]);
  });

  it('counts a clear in a later reply when the caller had been silent since well before it', () => {
    const events: CallEvent[] = [
      { type: 'caller_speech_started', tMs: 0, turn: 0 },
      { type: 'caller_speech_ended', tMs: 1000, turn: 0 },
      ...agentTalks(1800),
      { type: 'clear_received', tMs: 2300, flushedMs: 1500 },
      { type: 'dtmf_sent', tMs: 4000, turn: 1, digit: '1' },
    ];
    expect(selfInterruptions(events)).toHaveLength(1);
  });

  it('does not count a clear that flushed nothing, or one while the agent was not audible', () => {
    const events: CallEvent[] = [
      ...agentTalks(0),
      { type: 'agent_speech_ended', tMs: 900 },
      { type: 'playback_ended', tMs: 950, reason: 'drained' },
      { type: 'clear_received', tMs: 1200, flushedMs: 0 },
      { type: 'clear_received', tMs: 1300, flushedMs: 200 },
    ];
    expect(selfInterruptions(events)).toEqual([]);
  });
});
