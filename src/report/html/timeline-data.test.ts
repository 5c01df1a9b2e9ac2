import { describe, expect, it } from 'vitest';
import { syntheticCall, syntheticTwimlCall } from '../test-calls.ts';
import { mutualSilences, timelineData, withoutSpans } from './timeline-data.ts';

describe('timeline data', () => {
  const call = syntheticCall({
    callId: 'call-0007',
    turns: [
      { callerMs: [500, 1500], agentMs: [2100, 3000] },
      { callerMs: [6000, 6800], agentMs: [7300, 9000] },
    ],
    extraEvents: [
      { type: 'interrupt_started', tMs: 7800, turn: 1, agentOnsetMs: 7300 },
      { type: 'clear_received', tMs: 7950, flushedMs: 900 },
      { type: 'mark_echoed', tMs: 7950, name: 'reply-1', cleared: true },
      { type: 'dtmf_sent', tMs: 5000, turn: 1, digit: '5' },
    ],
  });
  const data = timelineData(call);

  it('has both lanes, the latency of every turn, and the events drawn on it', () => {
    expect(data.callerSpeech).toEqual([
      { startMs: 500, endMs: 1500 },
      { startMs: 6000, endMs: 6800 },
    ]);
    expect(data.agentSpeech).toEqual([
      { startMs: 2100, endMs: 3000 },
      { startMs: 7300, endMs: 9000 },
    ]);
    expect(data.turns.map((t) => [t.turn, t.callerEndMs, t.agentOnsetMs, t.latencyMs])).toEqual([
      [1, 1500, 2100, 600],
      [2, 6800, 7300, 500],
    ]);
    expect(data.interruptions).toEqual([{ tMs: 7800, turn: 2 }]);
    expect(data.clears).toEqual([{ tMs: 7950, flushedMs: 900 }]);
    expect(data.marks).toEqual([{ tMs: 7950, name: 'reply-1', cleared: true }]);
    expect(data.dtmf).toEqual([{ tMs: 5000, digit: '5' }]);
    expect(data.recordingStartMs).toBe(100);
  });

  it('finds mutual silences and marks the dead air among them', () => {
    expect(data.silences).toEqual([
      { startMs: 1500, endMs: 2100, deadAir: false },
      { startMs: 3000, endMs: 6000, deadAir: true },
      { startMs: 6800, endMs: 7300, deadAir: false },
    ]);
    expect(
      mutualSilences([
        { startMs: 0, endMs: 10 },
        { startMs: 5, endMs: 20 },
      ]),
    ).toEqual([]);
  });

  it('keeps TwiML audio before the stream apart, with its verb, words and when the stream opened', () => {
    const d = timelineData(syntheticTwimlCall());
    expect(d.twimlAudio).toEqual([
      {
        startMs: 0,
        endMs: 2400,
        verb: 'say',
        what: 'Welcome to Acme Dental.',
        voice: 'flite:slt',
      },
      { startMs: 2400, endMs: 3400, verb: 'pause', what: '', voice: null },
      {
        startMs: 3400,
        endMs: 4400,
        verb: 'play',
        what: 'https://example.com/chime.wav',
        voice: null,
      },
    ]);
    expect(d.streamOpenedMs).toBe(4500);
    // A call without TwiML audio has none, and its clock starts at the stream.
    expect(data.twimlAudio).toEqual([]);
    expect(data.streamOpenedMs).toBeNull();
  });

  it('cuts spans around others (what is left of the agent lane once TwiML audio is drawn as such)', () => {
    const speech = [
      { startMs: 100, endMs: 2300 },
      { startMs: 3500, endMs: 6000 },
    ];
    expect(
      withoutSpans(speech, [
        { startMs: 0, endMs: 2400 },
        { startMs: 3400, endMs: 4400 },
      ]),
    ).toEqual([{ startMs: 4400, endMs: 6000 }]);
    expect(withoutSpans([{ startMs: 0, endMs: 10 }], [{ startMs: 4, endMs: 6 }])).toEqual([
      { startMs: 0, endMs: 4 },
      { startMs: 6, endMs: 10 },
    ]);
    expect(withoutSpans(speech, [])).toEqual(speech);
  });
});
