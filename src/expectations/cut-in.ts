/**
 * Why an interruption interrupted nothing, in numbers: when the agent spoke, when the caller's
 * voice started, and the after_ms asked — so "the caller cut in after the reply had ended" and
 * "the agent never spoke" can be told apart without opening the event log.
 */
import type { CallEvent } from '../metrics/events.ts';

/** Agent speech segments as heard, [start, end) in ms; an unfinished one ends at Infinity. */
function agentSegments(events: readonly CallEvent[]): { fromMs: number; toMs: number }[] {
  const out: { fromMs: number; toMs: number }[] = [];
  for (const e of events) {
    if (e.type === 'agent_speech_started') out.push({ fromMs: e.tMs, toMs: Infinity });
    else if (e.type === 'agent_speech_ended') {
      const open = out.at(-1);
      if (open && open.toMs === Infinity) open.toMs = e.tMs;
    }
  }
  return out;
}

const ms = (x: number): string => `${Math.round(x)} ms`;

/** The reason a `stops_within_ms` check of interrupt turn `turn` fails because nothing was interrupted. */
export function missedCutInReason(events: readonly CallEvent[], turn: number): string {
  const skipped = events.find((e) => e.type === 'interrupt_skipped' && e.turn === turn);
  if (skipped?.type === 'interrupt_skipped')
    return `the caller never cut in: ${skipped.reason} (waited until ${ms(skipped.tMs)})`;
  const started = events.find((e) => e.type === 'interrupt_started' && e.turn === turn);
  const voiceMs =
    started?.tMs ?? events.find((e) => e.type === 'caller_speech_started' && e.turn === turn)?.tMs;
  if (voiceMs === undefined)
    return 'the caller never cut in (its interruption has no voiced audio)';
  const asked =
    started?.type === 'interrupt_started' && started.afterMs !== undefined
      ? `, after_ms ${started.afterMs}`
      : '';
  const segment = agentSegments(events)
    .filter((s) => s.fromMs <= voiceMs)
    .at(-1);
  if (!segment)
    return `the agent was not speaking when the caller cut in: it had not spoken yet; the caller's voice started at ${ms(voiceMs)}${asked}`;
  const spoke = `the agent spoke from ${ms(segment.fromMs)} to ${segment.toMs === Infinity ? 'the end of the call' : ms(segment.toMs)}`;
  return `the agent was not speaking when the caller cut in: ${spoke}, the caller's voice started at ${ms(voiceMs)} (${ms(voiceMs - segment.fromMs)} after the agent's first audible sample${asked})`;
}
