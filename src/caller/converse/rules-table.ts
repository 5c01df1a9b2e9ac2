/**
 * The rules policy's table (caller-rules.yaml beside this file, plus a scenario's own
 * `caller.rules` file tried first): sentences an agent says → what the caller takes them to ask.
 * Loading reports located errors (file:line:column, field) like scenario files do.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { ScenarioError } from '../../scenario/errors.ts';
import { NodeReader, type Slot } from '../../scenario/node-reader.ts';
import { ENTITY_TYPES, type EntityType } from '../../scenario/types.ts';

/** Intents with a fixed behaviour; any `ask_<what>` intent answers with a fact. */
export const FIXED_INTENTS = [
  'open_request',
  'menu_choice',
  'confirm',
  'anything_else',
  'still_there',
  'hold_on',
  'agent_not_understood',
  'goodbye',
] as const;
export type FixedIntent = (typeof FIXED_INTENTS)[number];

export interface Rule {
  intent: string;
  patterns: { source: string; regex: RegExp }[];
  /** ask_* rules: fact names to answer with, first known wins. */
  facts: string[];
  /** ask_* rules: else the first fact of this type. */
  type: EntityType | null;
  /** Where the rule is written, for reports. */
  file: string;
  line: number;
}

export interface RulesTable {
  rules: Rule[];
}

export interface IntentMatch {
  intent: string;
  /** The pattern that matched, as written. */
  pattern: string;
  /** The sentence it matched in. */
  sentence: string;
  rule: Rule;
}

export const SHIPPED_RULES_FILE = fileURLToPath(new URL('./caller-rules.yaml', import.meta.url));

const RULE_KEYS = ['intent', 'patterns', 'facts', 'type'] as const;
const INTENT_PATTERN = /^[a-z][a-z0-9_]*$/;

export function isAskIntent(intent: string): boolean {
  return intent.startsWith('ask_');
}

/** Parses one table's text; errors are located in `file`. */
export function parseRulesTable(
  source: string,
  file: string,
): { table?: RulesTable; errors: ScenarioError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map(
        (e) =>
          new ScenarioError({
            file,
            ...position(lines, e.pos[0]),
            field: '',
            code: 'yaml_syntax',
            detail: `YAML syntax: ${e.message}`,
          }),
      ),
    };
  }
  const reader = new NodeReader(file, doc, lines);
  const root = reader.map(
    { node: isMap(doc.contents) ? doc.contents : null, path: [] },
    ['rules'],
    'a map with rules: [ { intent, patterns } ]',
  );
  const rulesSlot = root?.get('rules');
  if (root !== undefined && rulesSlot === undefined)
    reader.report(
      reader.locate(root.node),
      ['rules'],
      'missing_field',
      'missing rules: — a list of { intent, patterns }',
    );
  const list = rulesSlot && reader.seq(rulesSlot, 'a list of { intent, patterns }');
  const rules: Rule[] = [];
  list?.items.forEach((item, index) => {
    const slot = reader.slot(item, ['rules', index]);
    const rule = slot && readRule(reader, slot, file);
    if (rule) rules.push(rule);
  });
  return reader.errors.length > 0 ? { errors: reader.errors } : { table: { rules }, errors: [] };
}

function position(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(offset);
  return { line: Math.max(1, line), column: Math.max(1, col) };
}

function readRule(reader: NodeReader, slot: Slot, file: string): Rule | undefined {
  const fields = reader.map(
    slot,
    RULE_KEYS,
    "a map, e.g. { intent: ask_order_number, facts: [order_id], patterns: ['order number'] }",
  );
  if (fields === undefined) return undefined;
  const intentSlot = fields.get('intent');
  const patternsSlot = fields.get('patterns');
  if (intentSlot === undefined)
    reader.report(
      reader.locate(fields.node),
      [...slot.path, 'intent'],
      'missing_field',
      `a rule needs an intent: one of ${FIXED_INTENTS.join(', ')}, or ask_<something> with facts:`,
    );
  if (patternsSlot === undefined)
    reader.report(
      reader.locate(fields.node),
      [...slot.path, 'patterns'],
      'missing_field',
      "a rule needs patterns: a list of regular expressions, e.g. ['order number']",
    );
  const intent = intentSlot && reader.string(intentSlot, 'an intent name');
  if (
    intent !== undefined &&
    intentSlot &&
    (!INTENT_PATTERN.test(intent) ||
      (!isAskIntent(intent) && !(FIXED_INTENTS as readonly string[]).includes(intent)))
  ) {
    reader.report(
      reader.locateSlot(intentSlot),
      intentSlot.path,
      'invalid_value',
      `unknown intent ${JSON.stringify(intent)} — use one of ${FIXED_INTENTS.join(', ')}, or ask_<something> (with facts:) to answer with a fact`,
    );
    return undefined;
  }
  const patterns = patternsSlot && readPatterns(reader, patternsSlot);
  const factsSlot = fields.get('facts');
  const facts = factsSlot ? readNames(reader, factsSlot) : [];
  const typeSlot = fields.get('type');
  const typeText = typeSlot && reader.string(typeSlot, `one of ${ENTITY_TYPES.join(', ')}`);
  if (
    typeSlot &&
    typeText !== undefined &&
    !(ENTITY_TYPES as readonly string[]).includes(typeText)
  ) {
    reader.wrongType(typeSlot, `one of ${ENTITY_TYPES.join(', ')}`, 'invalid_value');
    return undefined;
  }
  if (intent === undefined || patterns === undefined || facts === undefined) return undefined;
  if (isAskIntent(intent) && facts.length === 0 && typeText === undefined) {
    reader.report(
      reader.locate(fields.node),
      [...slot.path, 'facts'],
      'missing_field',
      `${intent} answers with a fact — add facts: [fact_name, …] (or type: phone|code|…)`,
    );
    return undefined;
  }
  const at = reader.locate(fields.node);
  return {
    intent,
    patterns,
    facts,
    type: (typeText as EntityType | undefined) ?? null,
    file,
    line: at.line,
  };
}

function readPatterns(reader: NodeReader, slot: Slot): Rule['patterns'] | undefined {
  if (!isSeq(slot.node) || slot.node.items.length === 0)
    return reader.wrongType(slot, "a non-empty list of regular expressions, e.g. ['order number']");
  const out: Rule['patterns'] = [];
  let ok = true;
  slot.node.items.forEach((item, index) => {
    const patternSlot = reader.slot(item, [...slot.path, index]);
    const source = patternSlot && reader.string(patternSlot, 'a regular expression in quotes');
    if (source === undefined || patternSlot === undefined) return void (ok = false);
    try {
      out.push({ source, regex: new RegExp(source, 'i') });
    } catch (err) {
      ok = false;
      reader.report(
        reader.locateSlot(patternSlot),
        patternSlot.path,
        'invalid_value',
        `not a regular expression: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  });
  return ok ? out : undefined;
}

function readNames(reader: NodeReader, slot: Slot): string[] | undefined {
  if (!isSeq(slot.node))
    return reader.wrongType(slot, 'a list of fact names, e.g. [order_id, order_number]');
  const names: string[] = [];
  for (const [index, item] of slot.node.items.entries()) {
    const nameSlot = reader.slot(item, [...slot.path, index]);
    if (!nameSlot || !isScalar(nameSlot.node))
      return reader.wrongType({ node: null, path: [...slot.path, index] }, 'a fact name');
    const name = reader.string(nameSlot, 'a fact name');
    if (name === undefined) return undefined;
    names.push(name);
  }
  return names;
}

/** Reads a table file; a missing or bad file is located errors, never a throw. */
export async function loadRulesFile(
  file: string,
): Promise<{ table?: RulesTable; errors: ScenarioError[] }> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (err) {
    const code =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'file not found'
        : err instanceof Error
          ? err.message
          : String(err);
    return {
      errors: [
        new ScenarioError({
          file,
          line: 0,
          column: 0,
          field: '',
          code: 'invalid_value',
          detail: `cannot read the caller rules table: ${code}`,
        }),
      ],
    };
  }
  return parseRulesTable(source, file);
}

const tables = new Map<string, Promise<{ table?: RulesTable; errors: ScenarioError[] }>>();

/** The shipped table, read once per process. */
export async function shippedRules(): Promise<RulesTable> {
  let loading = tables.get(SHIPPED_RULES_FILE);
  if (!loading) tables.set(SHIPPED_RULES_FILE, (loading = loadRulesFile(SHIPPED_RULES_FILE)));
  const { table, errors } = await loading;
  if (!table)
    throw new Error(
      `the shipped caller rules are broken: ${errors.map((e) => e.message).join('; ')}`,
    );
  return table;
}

/** A scenario's table: its own rules first, then the shipped ones. */
export async function rulesFor(
  rulesFile: string | null,
): Promise<{ table?: RulesTable; errors: ScenarioError[] }> {
  const shipped = await shippedRules();
  if (rulesFile === null) return { table: shipped, errors: [] };
  const own = await loadRulesFile(rulesFile);
  return own.table ? { table: { rules: [...own.table.rules, ...shipped.rules] }, errors: [] } : own;
}

/** Lower case, straight quotes, single spaces: what patterns are written against. */
export function normalizeSentence(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Sure. What's your order number?" → ["Sure.", "What's your order number?"]. Decimal points and "a.m." do not split. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  const re = /[^.?!]+(?:[.?!]+(?=\s|$)|$)|[.?!]+/g;
  let carry = '';
  for (const m of text.match(re) ?? []) {
    const piece = carry + m;
    // "a.m." / "p.m." / "Dr." end with a dot but not a sentence.
    if (/\b(a\.m|p\.m|dr|mr|mrs|ms|st)\.$/i.test(piece.trim())) {
      carry = piece;
      continue;
    }
    carry = '';
    if (piece.trim() !== '') out.push(piece.trim());
  }
  if (carry.trim() !== '') out.push(carry.trim());
  return out;
}

/**
 * What the agent's turn asks: its last question first, then each sentence from the last back.
 * Null when no rule matches any sentence.
 */
export function matchIntent(table: RulesTable, agentTurn: string): IntentMatch | null {
  const all = sentences(agentTurn).map(normalizeSentence);
  const lastQuestion = [...all].reverse().find((s) => s.endsWith('?'));
  const order =
    lastQuestion === undefined
      ? [...all].reverse()
      : [lastQuestion, ...[...all].reverse().filter((s) => s !== lastQuestion)];
  for (const sentence of order) {
    for (const rule of table.rules) {
      const pattern = rule.patterns.find((p) => p.regex.test(sentence));
      if (pattern) return { intent: rule.intent, pattern: pattern.source, sentence, rule };
    }
  }
  return null;
}
