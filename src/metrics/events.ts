/**
 * The event log of one simulated call. Every metric is computed from these events alone, so a
 * run can be re-scored (and reports rebuilt) from `events.jsonl`. `tMs` is monotonic time in
 * milliseconds since the call's media stream opened (the `start` message), at sub-ms precision —
 * or, when the agent's TwiML played audio before the stream, since the call was answered (that
 * audio starts at 0 and `call_started.streamOpenedMs` says when the stream opened).
 */
import type { ViolationCode } from '../twilio/types.ts';

export type TurnKind = 'listen' | 'say' | 'dtmf' | 'silence' | 'interrupt' | 'hangup' | 'converse';

export type CallEvent =
  /**
   * `streamOpenedMs`: when TwiML played audio before the stream (twiml_audio), the call's clock
   * starts at the answer and the stream opened this late; absent, the stream opened at 0.
   * `recordingStartMs`: where frame 0 of the recording (and of the heard audio) lies, when not
   * at `firstMediaMs` (it then includes what played before the stream).
   */
  | {
      type: 'call_started';
      tMs: 0;
      url: string;
      callSid: string;
      streamSid: string;
      connectMs: number;
      firstMediaMs: number;
      streamOpenedMs?: number;
      recordingStartMs?: number;
    }
  | { type: 'caller_turn_started'; tMs: number; turn: number; kind: TurnKind }
  | { type: 'caller_turn_ended'; tMs: number; turn: number }
  /** The caller's first/last voiced sample of an utterance (start of the first, end of the last). */
  | { type: 'caller_speech_started'; tMs: number; turn: number }
  | { type: 'caller_speech_ended'; tMs: number; turn: number }
  | { type: 'dtmf_sent'; tMs: number; turn: number; digit: string }
  /**
   * The caller begins talking over the agent (the interruption's first voiced sample), `afterMs`
   * (the scenario's after_ms) after the agent's first audible sample `agentOnsetMs`.
   */
  | { type: 'interrupt_started'; tMs: number; turn: number; agentOnsetMs: number; afterMs?: number }
  | { type: 'interrupt_skipped'; tMs: number; turn: number; reason: string }
  /** The first media message from the agent after the caller's turn ended (or after a pause in its audio). */
  | { type: 'agent_media_started'; tMs: number; bytes: number }
  /** Agent speech as the caller heard it: first/last audible played sample of a speech segment. */
  | { type: 'agent_speech_started'; tMs: number }
  | { type: 'agent_speech_ended'; tMs: number }
  /** The playback buffer went from empty to playing, or from playing to empty. */
  | { type: 'playback_started'; tMs: number }
  | { type: 'playback_ended'; tMs: number; reason: 'drained' | 'cleared' }
  | { type: 'mark_received'; tMs: number; name: string }
  /** `cleared`: echoed because of a `clear`, so the audio before it was not necessarily heard. */
  | { type: 'mark_echoed'; tMs: number; name: string; cleared: boolean }
  | { type: 'clear_received'; tMs: number; flushedMs: number }
  | { type: 'playback_overflow'; tMs: number; droppedBytes: number }
  | { type: 'reply_timeout'; tMs: number; turn: number; waitedMs: number }
  | { type: 'reply_too_long'; tMs: number; turn: number }
  /** First occurrence of each violation code is logged; `count` totals are in the call_ended event. */
  | {
      type: 'violation';
      tMs: number;
      code: ViolationCode;
      message: string;
      twilioCode: number | null;
    }
  | { type: 'stop_sent'; tMs: number }
  | { type: 'ws_closed'; tMs: number; code: number; reason: string; by: 'caller' | 'agent' }
  | { type: 'call_error'; tMs: number; message: string }
  /**
   * A goal-driven caller's decision (src/caller/converse): what it heard of the agent's turn and from
   * where, what it answers (words, keys, hanging up) and why (policy, intent, matched pattern, fact).
   * A line with neither words nor keys is a decision to wait (hold on). When the persona's speech
   * style changed how `say` was spoken: `spoken`, the line as said ("… seven [pause 1.5 s] nine
   * two"), and the style that did it (`numberPauseMs`). Flat, as events.jsonl keys are.
   */
  | {
      type: 'caller_line';
      tMs: number;
      turn: number;
      heard: string;
      heardFrom: 'side_channel' | 'transcript' | 'none';
      say: string | null;
      dtmf: string | null;
      hangup: boolean;
      policy: 'rules' | 'llm';
      intent: string;
      pattern: string | null;
      fact: string | null;
      note?: string;
      error?: string;
      spoken?: string;
      numberPauseMs?: number;
    }
  /** The conversation is over: goal reached (and hung up), the caller hung up, or it ran out of turns. */
  | {
      type: 'converse_ended';
      tMs: number;
      turn: number;
      reason: 'goal' | 'caller_hangup' | 'max_turns';
      lines: number;
    }
  /**
   * Webhook-first calls: the voice webhook (or a <Redirect>) answered after `responseMs`, before
   * the stream opened (so tMs is 0). `twilioCode` is set when the answer failed the call.
   */
  | {
      type: 'webhook_answered';
      tMs: number;
      url: string;
      responseMs: number;
      httpStatus: number | null;
      twilioCode: number | null;
    }
  /**
   * Webhook-first calls: a <Say>, <Play> or <Pause> before the stream, heard by the caller from
   * `tMs` for `durationMs` (loops included). `what`: the text said or the URL played; `voice`: the
   * embedded TTS voice that stood in for Twilio's.
   */
  | {
      type: 'twiml_audio';
      tMs: number;
      verb: 'say' | 'play' | 'pause';
      durationMs: number;
      what: string;
      voice?: string;
    }
  /**
   * A status callback callbench sent (a <Stream statusCallback> or the call's own): `event` is
   * Twilio's StreamEvent (stream-started, stream-stopped, stream-error) or CallStatus (completed).
   * A callback that failed is a warning on the call, never a failure (`warning` says why).
   */
  | {
      type: 'status_callback';
      tMs: number;
      url: string;
      event: string;
      httpStatus: number | null;
      responseMs: number | null;
      warning: string | null;
    }
  | {
      type: 'call_ended';
      tMs: number;
      status: CallStatus;
      reason: string | null;
      endedBy: 'caller' | 'agent' | 'harness';
      violationCounts: Partial<Record<ViolationCode, number>>;
      framesSent: number;
      /** Caller frames the line lost (sent as silence or a repeat); present when the scenario has line conditions. */
      framesLost?: number;
      bytesReceived: number;
      /** Frames sent more than 5 ms after their due time (the generator's own health). */
      framesLate5ms: number;
      /** Repeated per-frame events counted but not logged beyond the first few (e.g. playback_overflow), by type. */
      suppressedEvents?: Record<string, number>;
    };

/** `not_started`: planned, but the run was interrupted before it was dialed (it has no events). */
export type CallStatus = 'passed' | 'failed' | 'error' | 'aborted' | 'not_started';
export type CallEventType = CallEvent['type'];

/** Narrow helper: the events of one type. */
export function eventsOfType<T extends CallEventType>(
  events: readonly CallEvent[],
  type: T,
): Extract<CallEvent, { type: T }>[] {
  return events.filter((e): e is Extract<CallEvent, { type: T }> => e.type === type);
}
