/**
 * Per-turn measurements, from a call's events alone.
 *
 * - `latencyMs`: the first audible agent sample heard after the caller's last voiced sample
 *   (or last key press), minus the end of that sample: how long the caller waited.
 * - `agentOnsetMs` of a `listen` turn: the first speech it owns (see turn-windows.ts): the first
 *   turn's window opens with the stream, so a greeting is measured from its first sample.
 * - `ttfbMs`: the first agent media message received after that moment, minus it.
 * - `bargeInStopMs` (interrupt turns): from the interruption's first voiced sample to the agent's
 *   audio stopping as heard (a `clear` that flushed queued audio, or the playback buffer running
 *   dry), the first such moment the agent did not resume from while the caller was still talking.
 *   An agent that keeps streaming (even silence) never stops: `bargeInStopMs` stays null.
 */
import type { CallEvent, TurnKind } from './events.ts';
import { agentSpeechSegments, ownsSpeech, turnWindows } from './turn-windows.ts';

export interface TurnMetrics {
  turn: number; // 0-based
  kind: TurnKind;
  startedMs: number;
  /** Where the turn's window opens: its start, or 0 (the stream opening) for the first turn. */
  windowStartMs: number;
  endedMs: number | null;
  /** When the caller stopped (last voiced sample end, or last key press); null for listen/silence. */
  callerEndMs: number | null;
  /** The first audible sample of the reply; for `listen`, of the speech it heard (which may have begun before it opened). */
  agentOnsetMs: number | null;
  latencyMs: number | null;
  ttfbMs: number | null;
  replyTimedOut: boolean;
  /** Interrupt turns: whether the agent was audible when the caller started talking over it. */
  interruptedAgent: boolean | null;
  bargeInStopMs: number | null;
}

export function turnMetrics(events: readonly CallEvent[]): TurnMetrics[] {
  const starts = events.filter(
    (e): e is Extract<CallEvent, { type: 'caller_turn_started' }> =>
      e.type === 'caller_turn_started',
  );
  const windows = turnWindows(events);
  const speech = agentSpeechSegments(events);
  return starts.map((start, i) => {
    const window = windows[i];
    const nextStartMs = window.endMs;
    const inTurn = events.filter((e) => e.tMs >= window.startMs && e.tMs < nextStartMs);
    const own = events.filter((e) => 'turn' in e && e.turn === start.turn);
    const ended = own.find((e) => e.type === 'caller_turn_ended');
    const callerEnd = lastOf(
      own,
      (e) => e.type === 'caller_speech_ended' || e.type === 'dtmf_sent',
    );
    const callerEndMs = callerEnd?.tMs ?? null;
    const ref = callerEndMs ?? (start.kind === 'listen' ? window.startMs : null);
    // The reply may start after the next turn has begun (a say followed by an interrupt that waits
    // for it): it still answers this turn, until the caller speaks or presses a key again.
    const nextCallerMs =
      ref === null
        ? Infinity
        : (events.find(
            (e) =>
              e.tMs > ref &&
              'turn' in e &&
              e.turn !== start.turn &&
              (e.type === 'caller_speech_started' ||
                e.type === 'dtmf_sent' ||
                e.type === 'interrupt_started'),
          )?.tMs ?? Infinity);
    const answerEndMs = Math.max(nextStartMs, nextCallerMs);
    const answering =
      ref === null ? inTurn : events.filter((e) => e.tMs >= ref && e.tMs < answerEndMs);
    // A `listen` turn hears what the agent says in its window, including speech still going on
    // when it opens (a greeting under way before the caller's first frame); a reply to the caller
    // starts after the caller stopped.
    const onsetMs =
      ref === null
        ? null
        : start.kind === 'listen'
          ? (speech.find((seg) => ownsSpeech({ startMs: ref, endMs: answerEndMs }, seg))?.startMs ??
            null)
          : (answering.find((e) => e.type === 'agent_speech_started' && e.tMs >= ref)?.tMs ?? null);
    const media =
      callerEndMs === null
        ? undefined
        : answering.find((e) => e.type === 'agent_media_started' && e.tMs >= callerEndMs);
    const m: TurnMetrics = {
      turn: start.turn,
      kind: start.kind,
      startedMs: start.tMs,
      windowStartMs: window.startMs,
      endedMs: ended?.tMs ?? null,
      callerEndMs,
      agentOnsetMs: onsetMs,
      latencyMs: onsetMs !== null && callerEndMs !== null ? round1(onsetMs - callerEndMs) : null,
      ttfbMs: media && callerEndMs !== null ? round1(media.tMs - callerEndMs) : null,
      replyTimedOut: own.some((e) => e.type === 'reply_timeout'),
      interruptedAgent: null,
      bargeInStopMs: null,
    };
    if (start.kind === 'interrupt') Object.assign(m, bargeIn(events, own));
    return m;
  });
}

function bargeIn(
  events: readonly CallEvent[],
  own: readonly CallEvent[],
): Pick<TurnMetrics, 'interruptedAgent' | 'bargeInStopMs'> {
  const interrupt = own.find((e) => e.type === 'interrupt_started');
  if (!interrupt) return { interruptedAgent: false, bargeInStopMs: null };
  const at = interrupt.tMs;
  const audible = agentAudibleAt(events, at);
  if (!audible) return { interruptedAgent: false, bargeInStopMs: null };
  // The agent stopped at the first stop-like moment after which it stayed quiet for the rest
  // of the interruption: playback that resumes while the caller is still talking was no stop.
  const interruptEndMs = own.find((e) => e.type === 'caller_speech_ended')?.tMs ?? Infinity;
  const isStop = (e: CallEvent): boolean =>
    (e.type === 'clear_received' && e.flushedMs > 0) || e.type === 'playback_ended';
  const isResume = (e: CallEvent): boolean =>
    e.type === 'playback_started' || e.type === 'agent_speech_started';
  const stop = events.find(
    (e) =>
      e.tMs >= at &&
      isStop(e) &&
      !events.some((r) => isResume(r) && r.tMs > e.tMs && r.tMs < interruptEndMs),
  );
  return { interruptedAgent: true, bargeInStopMs: stop ? round1(stop.tMs - at) : null };
}

/** Whether a heard agent speech segment was open at `tMs`. */
export function agentAudibleAt(events: readonly CallEvent[], tMs: number): boolean {
  let open = false;
  for (const e of events) {
    if (e.tMs > tMs) break;
    if (e.type === 'agent_speech_started') open = true;
    else if (e.type === 'agent_speech_ended') open = false;
  }
  return open;
}

function lastOf(
  events: readonly CallEvent[],
  pred: (e: CallEvent) => boolean,
): CallEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) if (pred(events[i])) return events[i];
  return undefined;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
