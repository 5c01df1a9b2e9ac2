/**
 * The scripted entities the caller actually finished saying (or keying), for entity scoring —
 * the scripted counterpart of conveyedFacts. A turn the call never reached (the agent hung up
 * first, the run's graceful stop hung up, the caller's audio was cut off mid-value) never gave its
 * value to the agent, so a miss there is not a recognition error: the call's own verdict already
 * says what went wrong, and counting the value too would let one hang-up break both the failure
 * and the entity budget of a load run.
 */
import type { CallEvent } from '../metrics/events.ts';
import type { EntityExpectation, Scenario } from '../scenario/types.ts';

export function saidScriptedEntities(
  scenario: Scenario,
  events: readonly CallEvent[],
): { turn: number; e: EntityExpectation }[] {
  const spokeTo = new Set<number>();
  const keys = new Map<number, number>();
  for (const event of events) {
    if (event.type === 'caller_speech_ended') spokeTo.add(event.turn);
    else if (event.type === 'dtmf_sent') keys.set(event.turn, (keys.get(event.turn) ?? 0) + 1);
  }
  return scenario.turns.flatMap((turn, i) => {
    if (turn.kind === 'say' && spokeTo.has(i))
      return (turn.entities ?? []).map((e) => ({ turn: i + 1, e }));
    // `w` is a pause, not a key (Twilio's sendDigits).
    if (turn.kind === 'dtmf' && (keys.get(i) ?? 0) >= turn.digits.replaceAll('w', '').length)
      return (turn.entities ?? []).map((e) => ({ turn: i + 1, e }));
    return [];
  });
}
