/**
 * `expect:` beside a turn and `success:` at the top of a scenario: what the agent should do.
 *
 *   - say: "I want to check on my order"
 *     expect: { says: ["order number", "order id"], within_ms: 2500 }
 *   - say: { text: "A as in apple B as in boy 3 7 9 2", entities: { order_id: AB3792 } }
 *     expect:
 *       reads_back: order_id
 *       tool_called: { name: lookup_order, args: { order_id: AB3792 } }
 *   success:
 *     tool_called: { name: lookup_order }
 *     transferred: false
 *
 * Either form is a map of checks, or a list of such maps (to check one kind twice, e.g. two tools).
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { FieldPath } from './field-path.ts';
import type { MapFields, NodeReader, Slot } from './node-reader.ts';
import { RULES } from './rules.ts';
import type { EntityExpectation, Expectation, SourceLocation, Turn } from './types.ts';

/** Checks that make sense about one turn's response. */
export const TURN_EXPECTATION_KEYS = [
  'says',
  'says_regex',
  'reads_back',
  'within_ms',
  'tool_called',
  'stops_within_ms',
  'reprompts',
  'ends_call',
] as const;
/** Checks that make sense about the whole call. */
export const SUCCESS_KEYS = [
  'says',
  'says_regex',
  'reads_back',
  'tool_called',
  'ends_call',
  'transferred',
  'judge',
] as const;

const ENDINGS = ['hangup', 'transfer', 'any'] as const;

export interface ExpectationContext {
  reader: NodeReader;
  /** Entities declared so far (for `reads_back`), by name. */
  entities: ReadonlyMap<string, EntityExpectation>;
  /** The kind of the turn the expectations belong to; undefined for `success:`. */
  turnKind?: Turn['kind'];
}

/** Reads `expect:` (turn) or `success:` (scenario). */
export function readExpectations(ctx: ExpectationContext, slot: Slot): Expectation[] | undefined {
  const { reader } = ctx;
  const allowed = ctx.turnKind === undefined ? SUCCESS_KEYS : TURN_EXPECTATION_KEYS;
  const example =
    ctx.turnKind === undefined
      ? 'success: { tool_called: { name: lookup_order }, transferred: false }'
      : 'expect: { says: "order number", within_ms: 2500 }';
  const maps: Slot[] = [];
  if (isSeq(slot.node)) {
    slot.node.items.forEach((item, i) => {
      const s = reader.slot(item, [...slot.path, i]);
      if (s) maps.push(s);
    });
  } else maps.push(slot);
  const errorsBefore = reader.errors.length;
  const out: Expectation[] = [];
  for (const mapSlot of maps) {
    const fields = reader.map(
      mapSlot,
      allowed,
      `a map of checks (${allowed.join(', ')}), or a list of such maps — e.g. ${example}`,
      (key) =>
        ctx.turnKind !== undefined && key === 'transferred'
          ? 'transferred is about the whole call: put it under success:'
          : ctx.turnKind !== undefined && key === 'judge'
            ? 'judge criteria are about the whole call: put them under success:'
            : undefined,
    );
    if (fields === undefined) continue;
    for (const key of fields.keys) {
      const value = fields.get(key);
      if (value === undefined) continue;
      out.push(...readOne(ctx, key, value, reader.locateSlot(value)));
    }
    checkTurnFit(ctx, fields);
  }
  return reader.errors.length > errorsBefore ? undefined : out;
}

function checkTurnFit(ctx: ExpectationContext, fields: MapFields): void {
  const stops = fields.get('stops_within_ms');
  if (stops && ctx.turnKind !== undefined && ctx.turnKind !== 'interrupt') {
    ctx.reader.report(
      ctx.reader.locateSlot(stops),
      stops.path,
      'invalid_value',
      `stops_within_ms checks how fast the agent stops when talked over: it belongs on an interrupt turn, not a ${ctx.turnKind} turn`,
    );
  }
  const within = fields.get('within_ms');
  if (within && (ctx.turnKind === 'silence' || ctx.turnKind === 'hangup')) {
    ctx.reader.report(
      ctx.reader.locateSlot(within),
      within.path,
      'invalid_value',
      `within_ms measures the reply to what the caller said: use reprompts: { within_ms: … } on a silence turn`,
    );
  }
}

function readOne(
  ctx: ExpectationContext,
  key: string,
  slot: Slot,
  at: SourceLocation,
): Expectation[] {
  const { reader } = ctx;
  switch (key) {
    case 'says': {
      const phrases = readPhrases(reader, slot);
      return phrases ? [{ kind: 'says', phrases, at }] : [];
    }
    case 'says_regex': {
      const pattern = reader.string(slot, 'a regular expression, e.g. "order (number|id)"');
      if (pattern === undefined) return [];
      try {
        new RegExp(pattern, 'i');
      } catch (err) {
        reader.report(
          at,
          slot.path,
          'invalid_value',
          `says_regex is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`,
        );
        return [];
      }
      return [{ kind: 'says_regex', pattern, at }];
    }
    case 'reads_back': {
      const name = reader.string(
        slot,
        'the name of an entity declared on this or an earlier say turn, e.g. order_id',
      );
      if (name === undefined) return [];
      const entity = ctx.entities.get(name);
      if (!entity) {
        const known = [...ctx.entities.keys()];
        const hint = known.length
          ? `declared so far: ${known.join(', ')}`
          : 'no entities are declared before it — add entities: { … } to the say turn that conveys it';
        reader.report(
          at,
          slot.path,
          'invalid_value',
          `reads_back: '${name}' is not a declared entity (${hint})`,
        );
        return [];
      }
      return [{ kind: 'reads_back', entity, at }];
    }
    case 'within_ms':
    case 'stops_within_ms': {
      const ms = reader.number(slot, RULES.timeoutMs);
      return ms === undefined ? [] : [{ kind: key, ms, at }];
    }
    case 'tool_called':
      return isSeq(slot.node)
        ? slot.node.items.flatMap((item, i) =>
            readTool(reader, reader.slot(item, [...slot.path, i])),
          )
        : readTool(reader, slot);
    case 'reprompts': {
      if (isScalar(slot.node) && slot.node.value === true)
        return [{ kind: 'reprompts', withinMs: null, at }];
      const fields = reader.map(slot, ['within_ms'], 'true, or { within_ms: 6000 }');
      const within = fields?.get('within_ms');
      const ms = within && reader.number(within, RULES.timeoutMs);
      return fields && (within === undefined || ms !== undefined)
        ? [{ kind: 'reprompts', withinMs: ms ?? null, at }]
        : [];
    }
    case 'ends_call': {
      if (isScalar(slot.node) && slot.node.value === true)
        return [{ kind: 'ends_call', how: 'any', at }];
      const how = reader.string(slot, `true, or one of ${ENDINGS.join(', ')}`);
      if (how === undefined) return [];
      if (!(ENDINGS as readonly string[]).includes(how)) {
        reader.report(
          at,
          slot.path,
          'invalid_value',
          `ends_call must be true or one of ${ENDINGS.join(', ')}, got ${JSON.stringify(how)}`,
        );
        return [];
      }
      return [{ kind: 'ends_call', how: how as (typeof ENDINGS)[number], at }];
    }
    case 'transferred': {
      const expected = reader.boolean(slot);
      return expected === undefined ? [] : [{ kind: 'transferred', expected, at }];
    }
    case 'judge': {
      const criteria = readPhrases(reader, slot);
      return (criteria ?? []).map((criterion) => ({ kind: 'judge', criterion, at }));
    }
    default:
      return [];
  }
}

/** A phrase or a list of phrases. */
function readPhrases(reader: NodeReader, slot: Slot): string[] | undefined {
  const expected = 'a phrase, or a list of phrases (any one of them will do)';
  if (isSeq(slot.node)) {
    const out = slot.node.items.map((item, i) => {
      const s = reader.slot(item, [...slot.path, i] as FieldPath);
      return s && reader.scalarText(s, expected);
    });
    if (out.length === 0) return reader.wrongType(slot, expected, 'invalid_value');
    return out.every((p): p is string => p !== undefined) ? out : undefined;
  }
  const one = reader.scalarText(slot, expected);
  return one === undefined ? undefined : [one];
}

function readTool(reader: NodeReader, slot: Slot | undefined): Expectation[] {
  if (slot === undefined) return [];
  const at = reader.locateSlot(slot);
  if (isScalar(slot.node)) {
    const name = reader.string(
      slot,
      'a tool name, or { name: lookup_order, args: { order_id: AB3792 } }',
    );
    return name === undefined ? [] : [{ kind: 'tool_called', name, args: {}, at }];
  }
  const fields = reader.map(
    slot,
    ['name', 'args'],
    'a tool name, or { name: lookup_order, args: { order_id: AB3792 } }',
  );
  if (fields === undefined) return [];
  const nameSlot = fields.get('name');
  if (nameSlot === undefined) {
    reader.report(
      at,
      slot.path,
      'missing_field',
      'tool_called needs a name — e.g. { name: lookup_order, args: { order_id: AB3792 } }',
    );
    return [];
  }
  const name = reader.string(nameSlot, 'a tool name');
  const args: Record<string, string> = {};
  const argsSlot = fields.get('args');
  if (argsSlot) {
    if (!isMap(argsSlot.node)) {
      reader.wrongType(argsSlot, 'a map of argument names to values, e.g. { order_id: AB3792 }');
      return [];
    }
    for (const pair of argsSlot.node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const valueSlot = reader.slot(
        pair.value,
        [...argsSlot.path, key],
        isScalar(pair.key) ? pair.key : undefined,
      );
      const value = valueSlot && reader.scalarText(valueSlot, 'a value (text or number)');
      if (value !== undefined) args[key] = value;
    }
  }
  return name === undefined ? [] : [{ kind: 'tool_called', name, args, at }];
}
