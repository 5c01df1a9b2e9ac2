/**
 * Synthetic scored calls for the report tests: an event log written by hand (what a call would
 * log), scored by the real metrics code, so report tests exercise the same shapes a run produces.
 */
import type { EntityResult } from '../entities/score.ts';
import type { CallEvent, CallStatus } from '../metrics/events.ts';
import { callMetrics } from '../metrics/call-metrics.ts';
import type { ScoredCall } from '../results/scored-call.ts';

export interface SyntheticTurn {
  /** When the caller spoke (ms since stream start). */
  callerMs: [number, number];
  /** When the agent's reply was heard; omitted for no reply. */
  agentMs?: [number, number];
}

export interface SyntheticCallOptions {
  callId: string;
  scenario?: string;
  status?: CallStatus;
  reason?: string | null;
  turns: SyntheticTurn[];
  entities?: EntityResult[];
  extraEvents?: CallEvent[];
}

export function syntheticCall(o: SyntheticCallOptions): ScoredCall {
  const status = o.status ?? 'passed';
  const reason = o.reason ?? null;
  const events: CallEvent[] = [
    {
      type: 'call_started',
      tMs: 0,
      url: 'ws://127.0.0.1:1/media',
      callSid: `CA${o.callId}`,
      streamSid: `MZ${o.callId}`,
      connectMs: 2,
      firstMediaMs: 100,
    },
  ];
  o.turns.forEach((t, turn) => {
    events.push({ type: 'caller_turn_started', tMs: t.callerMs[0] - 10, turn, kind: 'say' });
    events.push({ type: 'caller_speech_started', tMs: t.callerMs[0], turn });
    events.push({ type: 'caller_speech_ended', tMs: t.callerMs[1], turn });
    if (t.agentMs) {
      events.push({ type: 'agent_media_started', tMs: t.agentMs[0] - 30, bytes: 8000 });
      events.push({ type: 'playback_started', tMs: t.agentMs[0] - 20 });
      events.push({ type: 'agent_speech_started', tMs: t.agentMs[0] });
      events.push({ type: 'agent_speech_ended', tMs: t.agentMs[1] });
      events.push({ type: 'playback_ended', tMs: t.agentMs[1] + 20, reason: 'drained' });
    }
    events.push({ type: 'caller_turn_ended', tMs: (t.agentMs?.[1] ?? t.callerMs[1]) + 50, turn });
  });
  events.push(...(o.extraEvents ?? []));
  const endMs = Math.max(...events.map((e) => e.tMs)) + 100;
  events.push({
    type: 'call_ended',
    tMs: endMs,
    status,
    reason,
    endedBy: 'caller',
    violationCounts: {},
    framesSent: Math.round(endMs / 20),
    bytesReceived: 0,
    framesLate5ms: 0,
  });
  events.sort((a, b) => a.tMs - b.tMs);
  return {
    callId: o.callId,
    scenario: o.scenario ?? 'greeting',
    file: '/suite/greeting.yaml',
    callSid: `CA${o.callId}`,
    streamSid: `MZ${o.callId}`,
    status,
    reason,
    events,
    metrics: callMetrics(events),
    ...(o.entities ? { entities: o.entities } : {}),
  };
}

/**
 * A webhook-first call: <Say>, <Pause>, <Play> from the answer, heard as agent speech (as the
 * caller measures it), then the stream opens at 4.5 s and the agent's own reply follows.
 */
export function syntheticTwimlCall(): ScoredCall {
  const call = syntheticCall({
    callId: 'call-0009',
    turns: [{ callerMs: [7000, 8000], agentMs: [8600, 9800] }],
    extraEvents: [
      {
        type: 'twiml_audio',
        tMs: 0,
        verb: 'say',
        durationMs: 2400,
        what: 'Welcome to Acme Dental.',
        voice: 'flite:slt',
      },
      { type: 'twiml_audio', tMs: 2400, verb: 'pause', durationMs: 1000, what: '' },
      {
        type: 'twiml_audio',
        tMs: 3400,
        verb: 'play',
        durationMs: 1000,
        what: 'https://example.com/chime.wav',
      },
      { type: 'agent_speech_started', tMs: 200 },
      { type: 'agent_speech_ended', tMs: 2300 },
      { type: 'agent_speech_started', tMs: 3450 },
      // The agent's streamed greeting follows the chime without a gap the caller could hear.
      { type: 'agent_speech_ended', tMs: 6200 },
    ],
  });
  const events = call.events
    .map((e) =>
      e.type === 'call_started' ? { ...e, streamOpenedMs: 4500, recordingStartMs: 0 } : e,
    )
    .sort((a, b) => a.tMs - b.tMs);
  return { ...call, events };
}
