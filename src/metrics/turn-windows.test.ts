import { describe, expect, test } from 'vitest';
import type { CallEvent } from './events.ts';
import { agentSpeechSegments, ownsSpeech, turnWindows } from './turn-windows.ts';
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

/** A greeting in two sentences that starts before the first turn (the caller's first frame is at ~124 ms). */
const GREETING_FIRST: CallEvent[] = (
  [
    { type: 'agent_speech_started', tMs: 104.25 },
    { type: 'caller_turn_started', tMs: 124, turn: 0, kind: 'listen' },
    { type: 'agent_speech_ended', tMs: 2900 },
    { type: 'agent_speech_started', tMs: 3669.6 },
    { type: 'agent_speech_ended', tMs: 5000 },
    { type: 'caller_turn_ended', tMs: 6000, turn: 0 },
    { type: 'caller_turn_started', tMs: 6000, turn: 1, kind: 'say' },
    { type: 'caller_speech_started', tMs: 6100, turn: 1 },
    { type: 'caller_speech_ended', tMs: 7000, turn: 1 },
    { type: 'agent_speech_started', tMs: 7600 },
    { type: 'agent_speech_ended', tMs: 9000 },
    // the caller moves on without waiting out a long reply: the listen turn opens while it plays
    { type: 'caller_turn_ended', tMs: 8000, turn: 1 },
    { type: 'caller_turn_started', tMs: 8000, turn: 2, kind: 'listen' },
    { type: 'caller_turn_ended', tMs: 10000, turn: 2 },
    ended(10000),
  ] satisfies CallEvent[]
).sort((a, b) => a.tMs - b.tMs);

describe('turn windows', () => {
  test('the first window opens with the stream; the windows tile the call', () => {
    expect(turnWindows(GREETING_FIRST)).toEqual([
      { turn: 0, startMs: 0, endMs: 6000 },
      { turn: 1, startMs: 6000, endMs: 8000 },
      { turn: 2, startMs: 8000, endMs: Infinity },
    ]);
  });

  test('every heard agent speech segment is owned by at least one turn', () => {
    const windows = turnWindows(GREETING_FIRST);
    const segments = agentSpeechSegments(GREETING_FIRST);
    expect(segments).toHaveLength(3);
    for (const seg of segments)
      expect(
        windows.some((w) => ownsSpeech(w, seg)),
        JSON.stringify(seg),
      ).toBe(true);
    // speech still going on when a turn opens belongs to it too
    expect(ownsSpeech(windows[2], segments[2])).toBe(true);
    expect(ownsSpeech(windows[1], segments[2])).toBe(true);
    expect(ownsSpeech(windows[1], segments[0])).toBe(false);
  });

  test('a greeting that began before the first turn is measured from its first sample, not its second sentence', () => {
    const [greet, say, listen] = turnMetrics(GREETING_FIRST);
    expect(greet).toMatchObject({
      windowStartMs: 0,
      startedMs: 124,
      agentOnsetMs: 104.25,
      latencyMs: null,
    });
    expect(say).toMatchObject({ windowStartMs: 6000, agentOnsetMs: 7600, latencyMs: 600 });
    // a listen turn that opens while the agent talks hears that speech
    expect(listen).toMatchObject({ windowStartMs: 8000, agentOnsetMs: 7600 });
  });

  test('an open segment at the end of the log runs to infinity and is still owned', () => {
    const events: CallEvent[] = [
      { type: 'caller_turn_started', tMs: 120, turn: 0, kind: 'listen' },
      { type: 'agent_speech_started', tMs: 3 },
    ];
    const seg = agentSpeechSegments(events);
    expect(seg).toEqual([{ startMs: 3, endMs: Infinity }]);
    expect(ownsSpeech(turnWindows(events)[0], seg[0])).toBe(true);
  });
});
