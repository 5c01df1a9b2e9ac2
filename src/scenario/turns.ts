/**
 * The `turns:` list: each item is exactly one turn kind (`- say: …`, `- dtmf: …`) and becomes
 * one normalized Turn. Reply-wait options left out inherit the scenario's `reply:` defaults.
 */
import { readEntities } from './entities.ts';
import { readExpectations } from './expectations.ts';
import { isMap, isScalar, type Node } from 'yaml';
import type { FieldPath } from './field-path.ts';
import { describeValue, type MapFields, type NodeReader, type Slot } from './node-reader.ts';
import { DTMF_DIGITS_PATTERN, RULES, TURN_KINDS, type TurnKind } from './rules.ts';
import type { EntityExpectation, ReplyWait, Turn } from './types.ts';
import { DEFAULT_DTMF_GAP_MS } from './types.ts';
import { nearest } from './suggest.ts';
import { readUtterance, UTTERANCE_KEYS, type UtteranceContext } from './utterance.ts';
import { CONVERSE_EXAMPLE, readConverse } from './goal.ts';
import type { CallerGoal } from './types.ts';

export interface TurnContext extends UtteranceContext {
  /** The scenario's reply defaults (`reply:`), already merged over DEFAULT_REPLY_WAIT. */
  reply: ReplyWait;
  /** Entities declared by the turns read so far, for `reads_back` (filled as turns are read). */
  entities?: Map<string, EntityExpectation>;
  /** caller.goal, for `converse` turns: undefined when not declared, null when it has errors. */
  goal?: CallerGoal | null;
}

/** Keys a turn item may carry beside its kind. */
const ITEM_KEYS = ['expect'] as const;

const WAIT_KEYS = ['timeout_ms', 'end_silence_ms', 'expect_reply'] as const;
const INTERRUPT_KEYS = [
  'after_ms',
  'say',
  'timeout_ms',
  'reply_timeout_ms',
  'end_silence_ms',
  'expect_reply',
] as const;

/** The keys each kind's map form takes, for "belongs inside" hints. */
const KIND_KEYS: Record<TurnKind, readonly string[]> = {
  listen: ['timeout_ms', 'end_silence_ms'],
  say: [...UTTERANCE_KEYS, ...WAIT_KEYS, 'entities'],
  dtmf: ['digits', 'gap_ms', ...WAIT_KEYS, 'entities'],
  silence: ['ms'],
  interrupt: INTERRUPT_KEYS,
  hangup: [],
  converse: ['until'],
};

const EXAMPLES: Record<TurnKind, string> = {
  listen: 'listen: { timeout_ms: 8000 }',
  say: 'say: { text: "…", expect_reply: false }',
  dtmf: 'dtmf: { digits: "1234#", gap_ms: 300 }',
  silence: 'silence: { ms: 4000 }',
  interrupt: 'interrupt: { after_ms: 800, say: "…" }',
  hangup: 'hangup: {}',
  converse: CONVERSE_EXAMPLE,
};

const KINDS_LIST = TURN_KINDS.join(', ');

function isTurnKind(word: string): word is TurnKind {
  return (TURN_KINDS as readonly string[]).includes(word);
}

function isEmpty(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/** Reads every turn; returns undefined items for turns with errors (already reported). */
export function readTurns(
  ctx: TurnContext,
  items: readonly unknown[],
  path: FieldPath,
): (Turn | undefined)[] {
  const slots = items.map((item, index) => ctx.reader.slot(item, [...path, index]));
  const entities = ctx.entities ?? new Map<string, EntityExpectation>();
  const turns = slots.map((slot) => {
    const turn = slot === undefined ? undefined : readTurn({ ...ctx, entities }, slot);
    if (turn?.kind === 'say' || turn?.kind === 'dtmf' || turn?.kind === 'converse')
      for (const e of turn.entities ?? []) entities.set(e.name, e);
    if (slot === undefined || turn === undefined) return undefined;
    const expect = readTurnExpectations({ ...ctx, entities }, slot, turn);
    if (expect === null) return undefined;
    return expect === undefined ? turn : { ...turn, expect };
  });
  checkHangupIsLast(ctx.reader, turns, path);
  checkConverseIsLast(ctx.reader, turns, path);
  letInterruptsTakeOverWaits(ctx.reader, turns, slots);
  return turns;
}

/**
 * `- say: …` then `- interrupt: …` means "talk over the answer to what I said": if the say waited
 * for the whole reply, the interrupt would wait for a reply that never comes. So a say or dtmf
 * right before an interrupt does not wait for a reply unless it sets expect_reply itself.
 */
function letInterruptsTakeOverWaits(
  reader: NodeReader,
  turns: (Turn | undefined)[],
  slots: readonly (Slot | undefined)[],
): void {
  turns.forEach((turn, index) => {
    if (turn === undefined || (turn.kind !== 'say' && turn.kind !== 'dtmf')) return;
    if (turns[index + 1]?.kind !== 'interrupt' || setsExpectReply(reader, slots[index], turn.kind))
      return;
    turns[index] = { ...turn, wait: { ...turn.wait, expectReply: false } };
  });
}

function setsExpectReply(reader: NodeReader, item: Slot | undefined, kind: TurnKind): boolean {
  if (item === undefined || !isMap(item.node)) return false;
  const value = item.node.get(kind, true);
  const options = value === undefined ? undefined : reader.slot(value, item.path);
  return options !== undefined && isMap(options.node) && options.node.has('expect_reply');
}

function checkHangupIsLast(
  reader: NodeReader,
  turns: readonly (Turn | undefined)[],
  path: FieldPath,
): void {
  const last = turns.length - 1;
  turns.forEach((turn, index) => {
    if (turn?.kind !== 'hangup' || index === last) return;
    const after = index + 1 === last ? `turns[${last}]` : `turns[${index + 1}..${last}]`;
    reader.report(
      turn.at,
      [...path, index, 'hangup'],
      'hangup_not_last',
      `hangup must be the last turn; ${after} would never run — move hangup to the end or remove it`,
    );
  });
}

/** A conversation ends the call (goal reached or a hang-up), so nothing can follow it. */
function checkConverseIsLast(
  reader: NodeReader,
  turns: readonly (Turn | undefined)[],
  path: FieldPath,
): void {
  const last = turns.length - 1;
  turns.forEach((turn, index) => {
    if (turn?.kind !== 'converse' || index === last) return;
    reader.report(
      turn.at,
      [...path, index, 'converse'],
      'invalid_turn',
      `converse must be the last turn: the conversation ends the call (goal reached, or a hang-up), so turns[${index + 1}..${last}] would never run`,
    );
  });
}

function readTurn(ctx: TurnContext, item: Slot): Turn | undefined {
  const { reader } = ctx;
  const at = reader.locate(item.node);
  // `- hangup` and `- listen` need no options, so the bare word is accepted as well as `- hangup: {}`.
  if (isScalar(item.node) && typeof item.node.value === 'string') {
    const word = item.node.value;
    if (word === 'hangup' || word === 'listen' || word === 'converse')
      return readKind(ctx, word, { node: null, path: [...item.path, word] }, at);
    if (isTurnKind(word)) {
      reader.report(
        at,
        [...item.path, word],
        'missing_field',
        `${word} needs a value — e.g. ${EXAMPLES[word]}`,
      );
      return undefined;
    }
    const guess = nearest(word, TURN_KINDS);
    if (guess !== undefined) {
      reader.report(
        at,
        item.path,
        'invalid_turn',
        `unknown turn ${JSON.stringify(word)} — did you mean '${guess}'?`,
        guess,
      );
      return undefined;
    }
  }
  if (!isMap(item.node)) {
    reader.report(
      reader.locateSlot(item),
      item.path,
      'invalid_turn',
      `each turn is one of ${KINDS_LIST}, e.g. - say: "hello" — got ${describeValue(item.node)}`,
    );
    return undefined;
  }
  const pairs = item.node.items;
  if (pairs.length === 0) {
    reader.report(
      at,
      item.path,
      'invalid_turn',
      `empty turn — write one of ${KINDS_LIST}, e.g. - listen: {}`,
    );
    return undefined;
  }
  const keyOf = (key: unknown): string =>
    isScalar(key) ? String(key.source ?? key.value) : String(key);
  const kinds = pairs.filter((pair) => isTurnKind(keyOf(pair.key)));
  const [first, second] = kinds;
  if (second !== undefined) {
    const names = kinds.map((pair) => keyOf(pair.key)).join(' and ');
    reader.report(
      reader.locate(isScalar(second.key) ? second.key : item.node),
      item.path,
      'invalid_turn',
      `a turn does exactly one thing, found ${names} — make each its own list item (- ${keyOf(first.key)}: … then - ${keyOf(second.key)}: …)`,
    );
    return undefined;
  }
  const kind = first === undefined ? undefined : keyOf(first.key);
  for (const pair of pairs) {
    if (pair === first) continue;
    const key = keyOf(pair.key);
    if ((ITEM_KEYS as readonly string[]).includes(key)) continue;
    const keyNode = isScalar(pair.key) ? pair.key : item.node;
    const belongs = kind !== undefined && isTurnKind(kind) && KIND_KEYS[kind].includes(key);
    if (belongs) {
      reader.report(
        reader.locate(keyNode),
        [...item.path, key],
        'unknown_field',
        `'${key}' is an option of ${kind} and goes inside it — e.g. ${EXAMPLES[kind]}`,
      );
    } else {
      reader.unknownKey(keyNode, [...item.path, key], [...TURN_KINDS, ...ITEM_KEYS]);
    }
  }
  if (
    first === undefined &&
    pairs.every((pair) => (ITEM_KEYS as readonly string[]).includes(keyOf(pair.key)))
  ) {
    reader.report(
      at,
      item.path,
      'invalid_turn',
      `expect: goes beside a turn in the same list item — e.g. - say: "hello" then, indented under it, expect: { says: "welcome" }`,
    );
    return undefined;
  }
  if (first === undefined || kind === undefined || !isTurnKind(kind)) return undefined;
  const slot = reader.slot(
    first.value,
    [...item.path, kind],
    isScalar(first.key) ? first.key : undefined,
  );
  return slot === undefined ? undefined : readKind(ctx, kind, slot, at);
}

/** `expect:` beside the turn's kind; undefined when absent, null when it has errors (reported). */
function readTurnExpectations(
  ctx: TurnContext & { entities: Map<string, EntityExpectation> },
  item: Slot,
  turn: Turn,
): Turn['expect'] | null | undefined {
  if (!isMap(item.node) || !item.node.has('expect')) return undefined;
  const value = item.node.get('expect', true);
  const keyNode = item.node.items.find(
    (pair) => isScalar(pair.key) && pair.key.value === 'expect',
  )?.key;
  const slot = ctx.reader.slot(
    value,
    [...item.path, 'expect'],
    isScalar(keyNode) ? keyNode : undefined,
  );
  if (slot === undefined) return null;
  return (
    readExpectations({ reader: ctx.reader, entities: ctx.entities, turnKind: turn.kind }, slot) ??
    null
  );
}

function readKind(ctx: TurnContext, kind: TurnKind, slot: Slot, at: Turn['at']): Turn | undefined {
  switch (kind) {
    case 'listen':
      return readListen(ctx, slot, at);
    case 'say':
      return readSay(ctx, slot, at);
    case 'dtmf':
      return readDtmf(ctx, slot, at);
    case 'silence':
      return readSilence(ctx, slot, at);
    case 'interrupt':
      return readInterrupt(ctx, slot, at);
    case 'hangup':
      return readHangup(ctx, slot, at);
    case 'converse':
      return readConverse(ctx.reader, slot, at, ctx.goal);
  }
}

/** Reply-wait options from a turn's map form, over the scenario's defaults. */
function readWait(
  ctx: TurnContext,
  fields: MapFields | undefined,
  timeoutKey = 'timeout_ms',
): ReplyWait {
  const { reader, reply } = ctx;
  const timeout = fields?.get(timeoutKey);
  const endSilence = fields?.get('end_silence_ms');
  const expect = fields?.get('expect_reply');
  return {
    timeoutMs: (timeout && reader.number(timeout, RULES.timeoutMs)) ?? reply.timeoutMs,
    endSilenceMs:
      (endSilence && reader.number(endSilence, RULES.endSilenceMs)) ?? reply.endSilenceMs,
    expectReply: (expect && reader.boolean(expect)) ?? reply.expectReply,
  };
}

function readListen(ctx: TurnContext, slot: Slot, at: Turn['at']): Turn | undefined {
  if (isEmpty(slot.node)) return { kind: 'listen', wait: { ...ctx.reply, expectReply: true }, at };
  const fields = ctx.reader.map(
    slot,
    KIND_KEYS.listen,
    `a map of options, e.g. ${EXAMPLES.listen}, or {}`,
  );
  if (fields === undefined) return undefined;
  return { kind: 'listen', wait: { ...readWait(ctx, fields), expectReply: true }, at };
}

function readSay(ctx: TurnContext, slot: Slot, at: Turn['at']): Turn | undefined {
  const { utterance, fields } = readUtterance(ctx, slot, [...WAIT_KEYS, 'entities']);
  const wait = readWait(ctx, fields);
  const entitiesSlot = fields?.get('entities');
  const entities = entitiesSlot && readEntities(ctx.reader, entitiesSlot);
  if (utterance === undefined) return undefined;
  return entities && entities.length > 0
    ? { kind: 'say', utterance, wait, at, entities }
    : { kind: 'say', utterance, wait, at };
}

function readDigits(ctx: TurnContext, slot: Slot): string | undefined {
  const { reader } = ctx;
  const digits = reader.scalarText(slot, 'DTMF keys in quotes, e.g. "1234#"');
  if (digits === undefined) return undefined;
  const allowed = 'digits may only contain 0-9 * # A-D and w (a 0.5 s pause)';
  if (!DTMF_DIGITS_PATTERN.test(digits)) {
    const bad = [...digits].find((char) => !DTMF_DIGITS_PATTERN.test(char)) ?? '';
    const hint = /[a-d]/.test(bad)
      ? 'use upper-case A-D'
      : bad === 'W'
        ? 'Twilio has no W: a one-second pause is ww'
        : bad === ',' || bad === 'p'
          ? 'a pause is w (0.5 s)'
          : /\s|-/.test(bad)
            ? 'remove spaces and dashes'
            : `remove ${JSON.stringify(bad)}`;
    reader.report(
      reader.locateSlot(slot),
      slot.path,
      'invalid_value',
      `${allowed}, got ${JSON.stringify(digits)} — ${hint}`,
    );
    return undefined;
  }
  if (/^w+$/.test(digits)) {
    reader.report(
      reader.locateSlot(slot),
      slot.path,
      'invalid_value',
      `digits must press at least one key, got only pauses ${JSON.stringify(digits)} — use silence: { ms: … } to pass time`,
    );
    return undefined;
  }
  return digits;
}

function readDtmf(ctx: TurnContext, slot: Slot, at: Turn['at']): Turn | undefined {
  const { reader } = ctx;
  if (isScalar(slot.node) && slot.node.value !== null) {
    const digits = readDigits(ctx, slot);
    return digits === undefined
      ? undefined
      : { kind: 'dtmf', digits, gapMs: DEFAULT_DTMF_GAP_MS, wait: { ...ctx.reply }, at };
  }
  const fields = reader.map(
    slot,
    KIND_KEYS.dtmf,
    `keys in quotes, e.g. "1234#", or a map, e.g. ${EXAMPLES.dtmf}`,
  );
  if (fields === undefined) return undefined;
  const digitsSlot = fields.get('digits');
  const gapSlot = fields.get('gap_ms');
  if (digitsSlot === undefined)
    reader.report(
      reader.locate(slot.node),
      slot.path,
      'missing_field',
      `dtmf needs digits — e.g. ${EXAMPLES.dtmf}`,
    );
  const digits = digitsSlot && readDigits(ctx, digitsSlot);
  const gapMs = (gapSlot && reader.number(gapSlot, RULES.gapMs)) ?? DEFAULT_DTMF_GAP_MS;
  const wait = readWait(ctx, fields);
  const entitiesSlot = fields.get('entities');
  const entities = entitiesSlot && readEntities(reader, entitiesSlot);
  if (digits === undefined) return undefined;
  return entities && entities.length > 0
    ? { kind: 'dtmf', digits, gapMs, wait, at, entities }
    : { kind: 'dtmf', digits, gapMs, wait, at };
}

function readSilence(ctx: TurnContext, slot: Slot, at: Turn['at']): Turn | undefined {
  const { reader } = ctx;
  if (isScalar(slot.node) && slot.node.value !== null) {
    const durationMs = reader.number(slot, RULES.silenceMs);
    return durationMs === undefined ? undefined : { kind: 'silence', durationMs, at };
  }
  const fields = reader.map(
    slot,
    KIND_KEYS.silence,
    `milliseconds, e.g. silence: 4000 or ${EXAMPLES.silence}`,
  );
  if (fields === undefined) return undefined;
  const msSlot = fields.get('ms');
  if (msSlot === undefined) {
    reader.report(
      reader.locate(slot.node),
      slot.path,
      'missing_field',
      `silence needs ms — e.g. ${EXAMPLES.silence}`,
    );
    return undefined;
  }
  const durationMs = reader.number(msSlot, RULES.silenceMs);
  return durationMs === undefined ? undefined : { kind: 'silence', durationMs, at };
}

function readInterrupt(ctx: TurnContext, slot: Slot, at: Turn['at']): Turn | undefined {
  const { reader } = ctx;
  const fields = reader.map(slot, KIND_KEYS.interrupt, `a map, e.g. ${EXAMPLES.interrupt}`);
  if (fields === undefined) return undefined;
  const afterSlot = fields.get('after_ms');
  const saySlot = fields.get('say');
  const timeoutSlot = fields.get('timeout_ms');
  for (const [key, present] of [
    ['after_ms', afterSlot],
    ['say', saySlot],
  ] as const) {
    if (present === undefined)
      reader.report(
        reader.locate(slot.node),
        slot.path,
        'missing_field',
        `interrupt needs ${key} — e.g. ${EXAMPLES.interrupt}`,
      );
  }
  const afterMs = afterSlot && reader.number(afterSlot, RULES.afterMs);
  const utterance = saySlot && readUtterance(ctx, saySlot).utterance;
  const timeoutMs =
    (timeoutSlot && reader.number(timeoutSlot, RULES.timeoutMs)) ?? ctx.reply.timeoutMs;
  const wait = readWait(ctx, fields, 'reply_timeout_ms');
  if (afterMs === undefined || utterance === undefined) return undefined;
  return { kind: 'interrupt', afterMs, utterance, timeoutMs, wait, at };
}

function readHangup(ctx: TurnContext, slot: Slot, at: Turn['at']): Turn | undefined {
  if (isEmpty(slot.node)) return { kind: 'hangup', at };
  return ctx.reader.map(slot, KIND_KEYS.hangup, 'an empty map: hangup: {}') === undefined
    ? undefined
    : { kind: 'hangup', at };
}
