import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../metrics/events.ts';
import { eventRecord } from './jsonl.ts';
import { eventFromRecord, RunDirError } from './read-run-dir.ts';

// One event of every type, with every field, as a call logs them.
const EVERY_EVENT: CallEvent[] = [
  {
    type: 'call_started',
    tMs: 0,
    url: 'ws://h/media',
    callSid: 'CA1',
    streamSid: 'MZ1',
    connectMs: 1.5,
    firstMediaMs: 104.2,
  },
  { type: 'caller_turn_started', tMs: 1, turn: 0, kind: 'say' },
  { type: 'caller_turn_ended', tMs: 2, turn: 0 },
  { type: 'caller_speech_started', tMs: 3, turn: 0 },
  { type: 'caller_speech_ended', tMs: 4, turn: 0 },
  { type: 'dtmf_sent', tMs: 5, turn: 1, digit: '#' },
  { type: 'interrupt_started', tMs: 6, turn: 2, agentOnsetMs: 5.5 },
  { type: 'interrupt_skipped', tMs: 7, turn: 2, reason: 'agent silent' },
  { type: 'agent_media_started', tMs: 8, bytes: 160 },
  { type: 'agent_speech_started', tMs: 9 },
  { type: 'agent_speech_ended', tMs: 10 },
  { type: 'playback_started', tMs: 11 },
  { type: 'playback_ended', tMs: 12, reason: 'cleared' },
  { type: 'mark_received', tMs: 13, name: 'm' },
  { type: 'mark_echoed', tMs: 14, name: 'm', cleared: true },
  { type: 'clear_received', tMs: 15, flushedMs: 300 },
  { type: 'playback_overflow', tMs: 16, droppedBytes: 9 },
  { type: 'reply_timeout', tMs: 17, turn: 3, waitedMs: 5000 },
  { type: 'reply_too_long', tMs: 18, turn: 3 },
  { type: 'violation', tMs: 19, code: 'binary_frame', message: 'binary', twilioCode: 31951 },
  { type: 'stop_sent', tMs: 20 },
  { type: 'ws_closed', tMs: 21, code: 1000, reason: 'bye', by: 'agent' },
  { type: 'call_error', tMs: 22, message: 'oops' },
  {
    type: 'webhook_answered',
    tMs: 0,
    url: 'http://h/twilio/voice',
    responseMs: 12.5,
    httpStatus: 200,
    twilioCode: null,
  },
  {
    type: 'call_ended',
    tMs: 23,
    status: 'failed',
    reason: 'x',
    endedBy: 'agent',
    violationCounts: { binary_frame: 2 },
    framesSent: 10,
    bytesReceived: 160,
    framesLate5ms: 1,
  },
];

describe('events.jsonl read back', () => {
  it('gives back every event type exactly as it was logged', () => {
    for (const e of EVERY_EVENT) {
      const line = JSON.parse(JSON.stringify(eventRecord('call-1', 'scn', '/s.yaml', e))) as Record<
        string,
        unknown
      >;
      expect(eventFromRecord(line, 'events.jsonl:1')).toEqual(e);
    }
  });

  it('names the line of an event it does not know', () => {
    expect(() =>
      eventFromRecord(
        { call_id: 'c', scenario: 's', t_ms: 1, type: 'teleported' },
        'events.jsonl:7',
      ),
    ).toThrow(new RunDirError('events.jsonl:7: unknown event type "teleported"'));
    expect(() =>
      eventFromRecord({ call_id: 'c', scenario: 's', type: 'stop_sent' }, 'events.jsonl:8'),
    ).toThrow(/events\.jsonl:8: "t_ms" must be a number/);
  });
});
