/**
 * Which agent speech belongs to which turn.
 *
 * A turn's window runs from its start to the next turn's start; the first turn's window opens with
 * the stream (t = 0), because an agent may greet before the caller's first frame. A turn owns every
 * heard agent speech segment that overlaps its window: one that starts in it, or one still going on
 * when it opens. The windows tile the call from 0 on, so every audible agent sample belongs to at
 * least one turn.
 */
import type { CallEvent } from './events.ts';

export interface TurnWindow {
  turn: number;
  startMs: number;
  /** The next turn's start; Infinity for the last turn. */
  endMs: number;
}

export interface SpeechSegment {
  startMs: number;
  /** Infinity while the call's log ends with the segment open. */
  endMs: number;
}

export function turnWindows(events: readonly CallEvent[]): TurnWindow[] {
  const starts = events.filter(
    (e): e is Extract<CallEvent, { type: 'caller_turn_started' }> =>
      e.type === 'caller_turn_started',
  );
  return starts.map((s, i) => ({
    turn: s.turn,
    startMs: i === 0 ? 0 : s.tMs,
    endMs: i + 1 < starts.length ? starts[i + 1].tMs : Infinity,
  }));
}

/** The agent's speech as the caller heard it, in order. */
export function agentSpeechSegments(events: readonly CallEvent[]): SpeechSegment[] {
  const out: SpeechSegment[] = [];
  let open: number | null = null;
  for (const e of events) {
    if (e.type === 'agent_speech_started' && open === null) open = e.tMs;
    else if (e.type === 'agent_speech_ended' && open !== null) {
      out.push({ startMs: open, endMs: e.tMs });
      open = null;
    }
  }
  if (open !== null) out.push({ startMs: open, endMs: Infinity });
  return out;
}

/** Whether the segment starts in the window, or is still going on when it opens. */
export function ownsSpeech(
  window: { startMs: number; endMs: number },
  segment: SpeechSegment,
): boolean {
  return segment.startMs < window.endMs && segment.endMs > window.startMs;
}
