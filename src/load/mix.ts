/**
 * The scenario mix: which scenario (and caller voice) each call plays.
 *
 * `--mix scenarios/orders=3,scenarios/benefits=1`: a path's weight is shared evenly among the
 * scenario files found under it, so orders calls are 3× as frequent as benefits calls however
 * many files each folder holds. Plain paths (no `--mix`) weigh 1 each. With `--voices`, every
 * text turn of a call is spoken by one voice drawn evenly from the list (the scenario's own
 * voice otherwise). Each (scenario, voice) pair is a variant, synthesized before any call starts.
 * A call draws its variant from a PRNG seeded by the run seed and the call's global key, so a run
 * with the same seed repeats, sharded or not.
 */
import type { Scenario, Turn, Utterance } from '../scenario/types.ts';
import { drawFor, weightedPick } from './seeded-draw.ts';

export interface WeightedScenario {
  scenario: Scenario;
  weight: number;
}

export interface Variant {
  scenario: Scenario;
  /** The voice its text turns are spoken in ("scenario" when left as written). */
  voice: string;
}

export interface ScenarioMix {
  variants: Variant[];
  /** Chooses the variant for the call with this global key. */
  pick(key: readonly number[]): number;
}

/** Flattens per-path weights into per-scenario weights; a file listed twice adds up. */
export function weighScenarios(
  groups: readonly { weight: number; scenarios: readonly Scenario[] }[],
): WeightedScenario[] {
  const byFile = new Map<string, WeightedScenario>();
  for (const g of groups) {
    for (const s of g.scenarios) {
      const share = g.weight / g.scenarios.length;
      const existing = byFile.get(s.file);
      if (existing) existing.weight += share;
      else byFile.set(s.file, { scenario: s, weight: share });
    }
  }
  return [...byFile.values()];
}

export function buildMix(
  weighted: readonly WeightedScenario[],
  voices: readonly string[] | null,
  seed: number,
): ScenarioMix {
  const variants: Variant[] = [];
  for (const { scenario } of weighted) {
    if (!voices) variants.push({ scenario, voice: 'scenario' });
    else for (const v of voices) variants.push({ scenario: withVoice(scenario, v), voice: v });
  }
  const weights = weighted.map((w) => w.weight);
  const perScenario = voices ? voices.length : 1;
  return {
    variants,
    pick(key) {
      const random = drawFor(seed, key);
      const s = weightedPick(weights, random);
      const v = perScenario > 1 ? Math.min(perScenario - 1, Math.floor(random() * perScenario)) : 0;
      return s * perScenario + v;
    },
  };
}

/** The scenario with every synthesized turn (and the caller) in `voice`. */
export function withVoice(scenario: Scenario, voice: string): Scenario {
  const revoice = (u: Utterance): Utterance =>
    u.kind === 'text' ? { ...u, voice: { ...u.voice, voice } } : u;
  const turns: Turn[] = scenario.turns.map((t) =>
    t.kind === 'say' || t.kind === 'interrupt' ? { ...t, utterance: revoice(t.utterance) } : t,
  );
  return { ...scenario, caller: { ...scenario.caller, voice }, turns };
}
