/**
 * The facts a goal-driven caller actually gave (said or keyed), for entity scoring: a fact the
 * agent never asked for was never conveyed, so it is not held against the agent. Each counts once,
 * at the turn of the line that first gave it.
 */
import type { CallEvent } from '../../metrics/events.ts';
import type { EntityExpectation, Scenario } from '../../scenario/types.ts';

export function conveyedFacts(
  scenario: Scenario,
  events: readonly CallEvent[],
): { turn: number; e: EntityExpectation }[] {
  const facts = scenario.caller.goal?.facts ?? [];
  const out: { turn: number; e: EntityExpectation }[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    if (
      event.type !== 'caller_line' ||
      event.fact === null ||
      (event.say === null && event.dtmf === null) ||
      seen.has(event.fact)
    )
      continue;
    const fact = facts.find((f) => f.name === event.fact);
    if (!fact) continue;
    seen.add(fact.name);
    out.push({ turn: event.turn + 1, e: fact });
  }
  return out;
}
