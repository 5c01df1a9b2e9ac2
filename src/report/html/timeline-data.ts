/**
 * What a call's timeline shows, from its events alone: who was audible when, silences, key
 * presses, barge-ins, marks, clears, violations, and each turn's latency (the same numbers as
 * turns.csv, from turnMetrics). A webhook-first call's TwiML audio before the stream (<Say>,
 * <Play>, <Pause>: twiml_audio events) is kept apart from what the agent streamed, because it is
 * Twilio's voice, not the agent's.
 */
import type { HeardUtterance } from '../../expectations/types.ts';
import { DEAD_AIR_THRESHOLD_MS } from '../../metrics/call-metrics.ts';
import type { CallEvent, CallEventType } from '../../metrics/events.ts';
import type { ScoredCall } from '../../results/scored-call.ts';

export interface Span {
  startMs: number;
  endMs: number;
}

export interface TimelineTurn {
  /** 1-based, as in turns.csv. */
  turn: number;
  kind: string;
  callerEndMs: number | null;
  agentOnsetMs: number | null;
  latencyMs: number | null;
  replyTimedOut: boolean;
}

/** A <Say>, <Play> or <Pause> the agent's TwiML played before the stream opened. */
export interface TwimlAudioSpan extends Span {
  verb: 'say' | 'play' | 'pause';
  /** The text said or the URL played ('' for a pause). */
  what: string;
  /** The embedded voice that stood in for Twilio's (<Say> only). */
  voice: string | null;
}

export interface TimelineData {
  callId: string;
  durationMs: number;
  callerSpeech: Span[];
  agentSpeech: Span[];
  playback: (Span & { cleared: boolean })[];
  /** Mutual silence between the first and last speech; `deadAir` when longer than the dead-air threshold. */
  silences: (Span & { deadAir: boolean })[];
  dtmf: { tMs: number; digit: string }[];
  interruptions: { tMs: number; turn: number }[];
  marks: { tMs: number; name: string; cleared: boolean }[];
  clears: { tMs: number; flushedMs: number }[];
  violations: { tMs: number; code: string; message: string }[];
  turns: TimelineTurn[];
  heard: HeardUtterance[];
  /** Where the recording's first sample lies on the call's clock (caller frame 0). */
  recordingStartMs: number | null;
  /** TwiML audio before the stream, in order (webhook-first calls). */
  twimlAudio: TwimlAudioSpan[];
  /** When the media stream opened, when TwiML audio played first (the clock then starts at the answer); null: at 0. */
  streamOpenedMs: number | null;
}

function spans(
  events: readonly CallEvent[],
  open: CallEventType,
  close: CallEventType,
  endMs: number,
): Span[] {
  const out: Span[] = [];
  let start: number | null = null;
  for (const e of events) {
    if (e.type === open && start === null) start = e.tMs;
    else if (e.type === close && start !== null) {
      out.push({ startMs: start, endMs: e.tMs });
      start = null;
    }
  }
  if (start !== null) out.push({ startMs: start, endMs });
  return out;
}

/** Gaps where neither side was audible, from the first speech to the last. */
export function mutualSilences(speech: readonly Span[]): Span[] {
  const sorted = [...speech].sort((a, b) => a.startMs - b.startMs);
  const gaps: Span[] = [];
  let reach = -Infinity;
  for (const s of sorted) {
    if (reach !== -Infinity && s.startMs > reach) gaps.push({ startMs: reach, endMs: s.startMs });
    reach = Math.max(reach, s.endMs);
  }
  return gaps;
}

/** `spans` with the parts inside any of `cut` removed (a span split around a cut inside it). */
export function withoutSpans(spans: readonly Span[], cut: readonly Span[]): Span[] {
  let out = [...spans];
  for (const c of cut)
    out = out.flatMap((s): Span[] => {
      if (c.endMs <= s.startMs || c.startMs >= s.endMs) return [s];
      const kept: Span[] = [];
      if (s.startMs < c.startMs) kept.push({ startMs: s.startMs, endMs: c.startMs });
      if (s.endMs > c.endMs) kept.push({ startMs: c.endMs, endMs: s.endMs });
      return kept;
    });
  return out;
}

export function timelineData(call: ScoredCall): TimelineData {
  const events = call.events;
  const durationMs = call.metrics.durationMs;
  const callerSpeech = spans(events, 'caller_speech_started', 'caller_speech_ended', durationMs);
  const agentSpeech = spans(events, 'agent_speech_started', 'agent_speech_ended', durationMs);
  const playback: TimelineData['playback'] = [];
  let playStart: number | null = null;
  const started = events.find(
    (e): e is Extract<CallEvent, { type: 'call_started' }> => e.type === 'call_started',
  );
  const data: TimelineData = {
    callId: call.callId,
    durationMs,
    callerSpeech,
    agentSpeech,
    playback,
    silences: mutualSilences([...callerSpeech, ...agentSpeech]).map((s) => ({
      ...s,
      deadAir: s.endMs - s.startMs > DEAD_AIR_THRESHOLD_MS,
    })),
    dtmf: [],
    interruptions: [],
    marks: [],
    clears: [],
    violations: [],
    turns: call.metrics.turns.map((t) => ({
      turn: t.turn + 1,
      kind: t.kind,
      callerEndMs: t.callerEndMs,
      agentOnsetMs: t.agentOnsetMs,
      latencyMs: t.latencyMs,
      replyTimedOut: t.replyTimedOut,
    })),
    heard: call.heard ?? [],
    recordingStartMs: started ? (started.recordingStartMs ?? started.firstMediaMs) : null,
    twimlAudio: [],
    streamOpenedMs: started?.streamOpenedMs ?? null,
  };
  for (const e of events) {
    switch (e.type) {
      case 'playback_started':
        playStart ??= e.tMs;
        break;
      case 'playback_ended':
        if (playStart !== null)
          playback.push({ startMs: playStart, endMs: e.tMs, cleared: e.reason === 'cleared' });
        playStart = null;
        break;
      case 'dtmf_sent':
        data.dtmf.push({ tMs: e.tMs, digit: e.digit });
        break;
      case 'interrupt_started':
        data.interruptions.push({ tMs: e.tMs, turn: e.turn + 1 });
        break;
      case 'mark_echoed':
        data.marks.push({ tMs: e.tMs, name: e.name, cleared: e.cleared });
        break;
      case 'clear_received':
        data.clears.push({ tMs: e.tMs, flushedMs: e.flushedMs });
        break;
      case 'violation':
        data.violations.push({ tMs: e.tMs, code: e.code, message: e.message });
        break;
      case 'twiml_audio':
        data.twimlAudio.push({
          startMs: e.tMs,
          endMs: e.tMs + e.durationMs,
          verb: e.verb,
          what: e.what,
          voice: e.voice ?? null,
        });
        break;
      default:
        break;
    }
  }
  if (playStart !== null) playback.push({ startMs: playStart, endMs: durationMs, cleared: false });
  return data;
}
