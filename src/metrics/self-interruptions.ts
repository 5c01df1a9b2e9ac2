/**
 * Self-interruptions: the agent flushed its own audible audio (a `clear`) while the caller was
 * silent. A real barge-in needs the caller to make a sound during the agent's speech; an agent
 * that stops without one took something else for the caller — its own voice echoed back by a
 * speakerphone, line noise, a cough on the far side of a room — and the caller loses the rest of
 * what it was saying. Derived from the call's events alone, like every metric.
 *
 * A clear counts when it flushed audio (`flushedMs > 0`) while agent speech was audible, and the
 * caller was neither speaking nor pressing keys from `GRACE_MS` before the agent's audio started
 * playing (its last `playback_started`) up to the clear: so a caller who stopped just as the reply
 * began still owns the clear that follows (the agent's recognizer lags the caller).
 */
import type { CallEvent } from './events.ts';
import { agentAudibleAt } from './turn-metrics.ts';

/** Caller activity this long before the agent's playback started still explains a clear. */
export const GRACE_MS = 500;

export interface SelfInterruption {
  /** When the clear arrived. */
  tMs: number;
  /** How much queued agent audio it threw away. */
  flushedMs: number;
}

export function selfInterruptions(events: readonly CallEvent[]): SelfInterruption[] {
  const out: SelfInterruption[] = [];
  let playingSinceMs = 0;
  let callerSpeaking = false;
  let lastCallerMs = -Infinity;
  for (const e of events) {
    switch (e.type) {
      case 'playback_started':
        playingSinceMs = e.tMs;
        break;
      case 'caller_speech_started':
      case 'interrupt_started':
        callerSpeaking = true;
        lastCallerMs = e.tMs;
        break;
      case 'caller_speech_ended':
        callerSpeaking = false;
        lastCallerMs = e.tMs;
        break;
      case 'dtmf_sent':
        lastCallerMs = e.tMs;
        break;
      case 'clear_received':
        if (
          e.flushedMs > 0 &&
          !callerSpeaking &&
          lastCallerMs < playingSinceMs - GRACE_MS &&
          agentAudibleAt(events, e.tMs)
        )
          out.push({ tMs: e.tMs, flushedMs: e.flushedMs });
        break;
      default:
        break;
    }
  }
  return out;
}

/** Why a call with self-interruptions failed, or null when it had none. */
export function selfInterruptionFailure(events: readonly CallEvent[]): string | null {
  const found = selfInterruptions(events);
  if (found.length === 0) return null;
  const first = found[0];
  const more = found.length > 1 ? ` (${found.length} times in all)` : '';
  return `the agent cut itself off while the caller was silent: a clear at ${(first.tMs / 1000).toFixed(2)} s flushed ${(first.flushedMs / 1000).toFixed(2)} s of its audio${more} — echo or noise taken for the caller?`;
}
