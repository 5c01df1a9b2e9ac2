/**
 * Reading a goal-driven caller: the goal keys of `caller:` and the `converse` turn.
 *
 *   caller:
 *     goal: "find out when order AB3792 will arrive"
 *     facts: { order_id: AB3792, phone: "4155550134" }
 *     persona: { spells_codes: as_in, digit_grouping: "3-3-4", patience: normal }
 *     policy: rules            # rules (offline) | llm
 *     max_turns: 12
 *     hearing: auto           # auto | side_channel | transcript
 *   turns:
 *     - listen: {}
 *     - converse: { until: goal_or_hangup }
 *
 * Facts are read as `entities:` are (src/scenario/entities.ts), so they are scored, redacted and
 * reported like any declared entity.
 */
import { isAbsolute, resolve } from 'node:path';
import { isScalar } from 'yaml';
import { readEntities } from './entities.ts';
import {
  CALLER_HEARING,
  CALLER_POLICIES,
  CONVERSE_UNTIL,
  DATE_STYLES,
  DEFAULT_MAX_TURNS,
  DEFAULT_PERSONA,
  DEFAULT_REPLY_GAP_MS,
  FALLBACKS,
  KEYPAD_USES,
  PATIENCE_LEVELS,
  SPELLING_STYLES,
  type ConverseUntil,
  type Persona,
} from './goal-types.ts';
import type { CallerGoal } from './types.ts';
import type { MapFields, NodeReader, Slot } from './node-reader.ts';
import { RULES } from './rules.ts';
import type { SourceLocation, Turn } from './types.ts';

/** The keys of `caller:` that describe a goal-driven caller. */
export const GOAL_KEYS = [
  'goal',
  'opening',
  'facts',
  'persona',
  'policy',
  'max_turns',
  'reply_gap_ms',
  'rules',
  'hearing',
] as const;
const PERSONA_KEYS = [
  'spells_codes',
  'digit_grouping',
  'date_style',
  'pace',
  'hesitation',
  'number_pause_ms',
  'wrong_digit_first',
  'silence_before_ms',
  'interrupt_after_ms',
  'patience',
  'fallback',
  'keypad',
] as const;
const CONVERSE_KEYS = ['until'] as const;
export const CONVERSE_EXAMPLE = 'converse: { until: goal_or_hangup }';

function oneOf<T extends string>(
  reader: NodeReader,
  slot: Slot,
  choices: readonly T[],
): T | undefined {
  const text = reader.scalarText(slot, `one of ${choices.join(', ')}`);
  if (text === undefined) return undefined;
  if ((choices as readonly string[]).includes(text)) return text as T;
  return reader.wrongType(slot, `one of ${choices.join(', ')}`, 'invalid_value');
}

/**
 * The goal-driven caller, when `caller:` has any goal key; undefined when it has none (a scripted
 * caller); null when it has errors (reported).
 */
export function readGoal(
  reader: NodeReader,
  fields: MapFields,
  scenarioDir: string,
): CallerGoal | null | undefined {
  if (!GOAL_KEYS.some((key) => fields.keys.includes(key))) return undefined;
  const goalSlot = fields.get('goal');
  if (goalSlot === undefined) {
    reader.report(
      reader.locate(fields.node),
      ['caller', 'goal'],
      'missing_field',
      `a goal-driven caller needs a goal in words — add e.g. goal: "find out when my order will arrive"`,
    );
    return null;
  }
  const errorsBefore = reader.errors.length;
  const goal = reader.string(
    goalSlot,
    'the caller\'s goal in words, e.g. "find out when order AB3792 will arrive"',
  );
  const openingSlot = fields.get('opening');
  const opening =
    openingSlot === undefined
      ? null
      : reader.string(
          openingSlot,
          'what the caller says first, e.g. "I want to check on my order"',
        );
  const factsSlot = fields.get('facts');
  const facts = factsSlot === undefined ? [] : readEntities(reader, factsSlot);
  const personaSlot = fields.get('persona');
  const persona =
    personaSlot === undefined ? { ...DEFAULT_PERSONA } : readPersona(reader, personaSlot);
  const policySlot = fields.get('policy');
  const policy = policySlot === undefined ? 'rules' : oneOf(reader, policySlot, CALLER_POLICIES);
  const maxTurnsSlot = fields.get('max_turns');
  const maxTurns =
    maxTurnsSlot === undefined ? DEFAULT_MAX_TURNS : reader.number(maxTurnsSlot, RULES.maxTurns);
  const gapSlot = fields.get('reply_gap_ms');
  const replyGapMs =
    gapSlot === undefined ? DEFAULT_REPLY_GAP_MS : reader.number(gapSlot, RULES.replyGapMs);
  const rulesSlot = fields.get('rules');
  const rulesText =
    rulesSlot === undefined
      ? null
      : reader.string(
          rulesSlot,
          'a rules table file, relative to the scenario, e.g. caller-rules.yaml',
        );
  const hearingSlot = fields.get('hearing');
  const hearing = hearingSlot === undefined ? 'auto' : oneOf(reader, hearingSlot, CALLER_HEARING);
  if (reader.errors.length > errorsBefore) return null;
  if (
    hearing === undefined ||
    goal === undefined ||
    opening === undefined ||
    facts === undefined ||
    persona === undefined ||
    policy === undefined ||
    maxTurns === undefined ||
    replyGapMs === undefined ||
    rulesText === undefined
  )
    return null;
  const rulesFile =
    rulesText === null ? null : isAbsolute(rulesText) ? rulesText : resolve(scenarioDir, rulesText);
  return { goal, opening, facts, persona, policy, maxTurns, replyGapMs, rulesFile, hearing };
}

function readPersona(reader: NodeReader, slot: Slot): Persona | undefined {
  const fields = reader.map(
    slot,
    PERSONA_KEYS,
    'a map, e.g. persona: { spells_codes: as_in, digit_grouping: "3-3-4", patience: normal }',
  );
  if (fields === undefined) return undefined;
  const errorsBefore = reader.errors.length;
  const persona: Persona = { ...DEFAULT_PERSONA };
  const get = (key: (typeof PERSONA_KEYS)[number]): Slot | undefined => fields.get(key);
  const set = <K extends keyof Persona>(key: K, value: Persona[K] | undefined): void => {
    if (value !== undefined) persona[key] = value;
  };
  const s = (key: (typeof PERSONA_KEYS)[number], read: (slot: Slot) => void): void => {
    const found = get(key);
    if (found !== undefined) read(found);
  };
  s('spells_codes', (x) => set('spellsCodes', oneOf(reader, x, SPELLING_STYLES)));
  s('digit_grouping', (x) => set('digitGrouping', readGrouping(reader, x)));
  s('date_style', (x) => set('dateStyle', oneOf(reader, x, DATE_STYLES)));
  s('pace', (x) => set('pace', reader.number(x, RULES.pace)));
  s('hesitation', (x) => set('hesitation', reader.number(x, RULES.hesitation)));
  s('number_pause_ms', (x) => set('numberPauseMs', reader.number(x, RULES.numberPauseMs)));
  s('wrong_digit_first', (x) => set('wrongDigitFirst', reader.boolean(x)));
  s('silence_before_ms', (x) => set('silenceBeforeMs', reader.number(x, RULES.silenceBeforeMs)));
  s('interrupt_after_ms', (x) => set('interruptAfterMs', reader.number(x, RULES.interruptAfterMs)));
  s('patience', (x) => set('patience', oneOf(reader, x, PATIENCE_LEVELS)));
  s('fallback', (x) => set('fallback', oneOf(reader, x, FALLBACKS)));
  s('keypad', (x) => set('keypad', oneOf(reader, x, KEYPAD_USES)));
  return reader.errors.length > errorsBefore ? undefined : persona;
}

/** "3-3-4" → [3, 3, 4]; "none" → [] (digit by digit). */
function readGrouping(reader: NodeReader, slot: Slot): number[] | undefined {
  const expected = 'group sizes like "3-3-4" (or "none" for one digit at a time)';
  const text = reader.scalarText(slot, expected);
  if (text === undefined) return undefined;
  if (text === 'none') return [];
  if (!/^[1-9](-[1-9])*$/.test(text)) return reader.wrongType(slot, expected, 'invalid_value');
  return text.split('-').map(Number);
}

/** `- converse`, `- converse: {}` or `- converse: { until: goal_or_hangup }`. */
export function readConverse(
  reader: NodeReader,
  slot: Slot,
  at: SourceLocation,
  goal: CallerGoal | null | undefined,
): Turn | undefined {
  let until: ConverseUntil | undefined = 'goal_or_hangup';
  const empty = slot.node === null || (isScalar(slot.node) && slot.node.value === null);
  if (!empty) {
    const fields = reader.map(slot, CONVERSE_KEYS, `a map, e.g. ${CONVERSE_EXAMPLE}, or {}`);
    if (fields === undefined) return undefined;
    const untilSlot = fields.get('until');
    if (untilSlot !== undefined) until = oneOf(reader, untilSlot, CONVERSE_UNTIL);
  }
  if (goal === null) return undefined; // caller.goal is there but has errors, already reported
  if (goal === undefined) {
    reader.report(
      at,
      slot.path,
      'missing_field',
      'converse hands the call to a goal-driven caller, which needs caller.goal — add e.g. caller: { goal: "check on my order", facts: { order_id: AB3792 } }',
    );
    return undefined;
  }
  if (until === undefined) return undefined;
  return { kind: 'converse', until, at, entities: goal.facts };
}
