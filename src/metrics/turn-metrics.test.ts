import { describe, expect, test } from 'vitest';
import { callMetrics } from './call-metrics.ts';
import type { CallEvent } from './events.ts';
import { turnMetrics } from './turn-metrics.ts';

const ended = (tMs: number): CallEvent => ({
  type: 'call_ended',
  tMs,
  status: 'passed',
  reason: null,
  endedBy: 'caller',
  violationCounts: {},
  framesSent: 0,
  bytesReceived: 0,
  framesLate5ms: 0,
});

describe('turnMetrics', () => {
  test('latency counts from the last voiced caller sample to the first audible agent sample after it', () => {
    const events: CallEvent[] = [
      { type: 'caller_turn_started', tMs: 100, turn: 0, kind: 'say' },
      { type: 'caller_speech_started', tMs: 300, turn: 0 },
      { type: 'caller_speech_ended', tMs: 1000, turn: 0 },
      { type: 'agent_media_started', tMs: 1150, bytes: 160 },
      { type: 'agent_speech_started', tMs: 1420.5 },
      { type: 'agent_speech_ended', tMs: 2400 },
      { type: 'caller_turn_ended', tMs: 3400, turn: 0 },
      ended(3500),
    ];
    const [t] = turnMetrics(events);
    expect(t).toMatchObject({
      turn: 0,
      kind: 'say',
      callerEndMs: 1000,
      agentOnsetMs: 1420.5,
      latencyMs: 420.5,
      ttfbMs: 150,
      replyTimedOut: false,
    });
  });

  test('a reply that starts after the next turn began still answers this turn, until the caller speaks again', () => {
    // say (not waiting for the reply) then interrupt: the interrupt turn waits for the reply to start.
    const events: CallEvent[] = [
      { type: 'caller_turn_started', tMs: 100, turn: 0, kind: 'say' },
      { type: 'caller_speech_started', tMs: 100, turn: 0 },
      { type: 'caller_speech_ended', tMs: 1000, turn: 0 },
      { type: 'caller_turn_ended', tMs: 1100, turn: 0 },
      { type: 'caller_turn_started', tMs: 1100, turn: 1, kind: 'interrupt' },
      { type: 'agent_speech_started', tMs: 1350 },
      { type: 'interrupt_started', tMs: 2550, turn: 1, agentOnsetMs: 1350 },
      { type: 'caller_speech_started', tMs: 2550, turn: 1 },
      { type: 'agent_speech_ended', tMs: 2700 },
      { type: 'caller_speech_ended', tMs: 3200, turn: 1 },
      { type: 'agent_speech_started', tMs: 3600 },
      { type: 'caller_turn_ended', tMs: 5000, turn: 1 },
      ended(5000),
    ];
    const [say, interrupt] = turnMetrics(events);
    expect(say.latencyMs).toBe(350);
    expect(interrupt.latencyMs).toBe(400);
  });

  test('agent speech still going when the caller stops is talk-over, not the reply', () => {
    const events: CallEvent[] = [
      { type: 'agent_speech_started', tMs: 50 },
      { type: 'caller_turn_started', tMs: 100, turn: 0, kind: 'say' },
      { type: 'caller_speech_started', tMs: 200, turn: 0 },
      { type: 'caller_speech_ended', tMs: 800, turn: 0 },
      { type: 'agent_speech_ended', tMs: 900 },
      { type: 'agent_speech_started', tMs: 1500 },
      { type: 'agent_speech_ended', tMs: 2000 },
      { type: 'caller_turn_ended', tMs: 3000, turn: 0 },
      ended(3000),
    ];
    expect(turnMetrics(events)[0].latencyMs).toBe(700);
    expect(callMetrics(events).talkOverMs).toBe(600);
  });

  test('a reply timeout leaves latency empty and is flagged', () => {
    const events: CallEvent[] = [
      { type: 'caller_turn_started', tMs: 0, turn: 0, kind: 'dtmf' },
      { type: 'dtmf_sent', tMs: 0, turn: 0, digit: '1' },
      { type: 'dtmf_sent', tMs: 250, turn: 0, digit: '#' },
      { type: 'reply_timeout', tMs: 10250, turn: 0, waitedMs: 10000 },
      { type: 'caller_turn_ended', tMs: 10260, turn: 0 },
      ended(10300),
    ];
    expect(turnMetrics(events)[0]).toMatchObject({
      callerEndMs: 250,
      latencyMs: null,
      replyTimedOut: true,
    });
  });

  describe('barge-in', () => {
    const base: CallEvent[] = [
      { type: 'caller_turn_started', tMs: 0, turn: 0, kind: 'interrupt' },
      { type: 'playback_started', tMs: 100 },
      { type: 'agent_speech_started', tMs: 120 },
      { type: 'caller_speech_started', tMs: 900, turn: 0 },
      { type: 'interrupt_started', tMs: 900, turn: 0, agentOnsetMs: 120 },
    ];
    test('a clear that flushes audio is the stop', () => {
      const events: CallEvent[] = [
        ...base,
        { type: 'agent_speech_ended', tMs: 1128 },
        { type: 'clear_received', tMs: 1130, flushedMs: 2000 },
        { type: 'playback_ended', tMs: 1130, reason: 'cleared' },
        { type: 'caller_speech_ended', tMs: 1600, turn: 0 },
        ended(3000),
      ];
      expect(turnMetrics(events)[0]).toMatchObject({ interruptedAgent: true, bargeInStopMs: 230 });
    });
    test('an underrun the agent resumes from while the caller still talks is no stop', () => {
      const events: CallEvent[] = [
        ...base,
        { type: 'playback_ended', tMs: 1000, reason: 'drained' },
        { type: 'playback_started', tMs: 1150 },
        { type: 'playback_ended', tMs: 1400, reason: 'drained' },
        { type: 'caller_speech_ended', tMs: 1600, turn: 0 },
        ended(3000),
      ];
      expect(turnMetrics(events)[0].bargeInStopMs).toBe(500);
    });
    test('an agent that talks through the interruption never stops', () => {
      const events: CallEvent[] = [
        ...base,
        { type: 'caller_speech_ended', tMs: 1600, turn: 0 },
        { type: 'agent_speech_ended', tMs: 5000 },
        ended(6000),
      ];
      expect(turnMetrics(events)[0]).toMatchObject({ interruptedAgent: true, bargeInStopMs: null });
    });
    test('interrupting an agent that is not audible is not a barge-in', () => {
      const events: CallEvent[] = [
        { type: 'caller_turn_started', tMs: 0, turn: 0, kind: 'interrupt' },
        { type: 'agent_speech_started', tMs: 120 },
        { type: 'agent_speech_ended', tMs: 500 },
        { type: 'interrupt_started', tMs: 900, turn: 0, agentOnsetMs: 120 },
        ended(2000),
      ];
      expect(turnMetrics(events)[0]).toMatchObject({
        interruptedAgent: false,
        bargeInStopMs: null,
      });
    });
  });
});

describe('callMetrics', () => {
  test('dead air counts mutual silences over 2 s between the first and last speech', () => {
    const events: CallEvent[] = [
      { type: 'agent_speech_started', tMs: 500 },
      { type: 'agent_speech_ended', tMs: 1500 },
      { type: 'caller_speech_started', tMs: 2000, turn: 0 }, // 500 ms gap: not dead air
      { type: 'caller_speech_ended', tMs: 3000, turn: 0 },
      { type: 'agent_speech_started', tMs: 6500 }, // 3.5 s gap: dead air
      { type: 'agent_speech_ended', tMs: 7000 },
      ended(20000), // the silence after the last speech is not counted
    ];
    const m = callMetrics(events);
    expect(m.deadAirMs).toBe(3500);
    expect(m.longestSilenceMs).toBe(3500);
    expect(m.firstAgentSpeechMs).toBe(500);
    expect(m.durationMs).toBe(20000);
  });
});
