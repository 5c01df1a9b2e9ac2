/**
 * Typed, located reading of a parsed YAML document. Each read either returns a value or records
 * a ScenarioError pointing at the node (file:line:column + field path) and returns undefined, so
 * one pass over a file finds every problem in it.
 */
import {
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { ScenarioError, type ScenarioErrorCode } from './errors.ts';
import { formatFieldPath, subjectOf, type FieldPath } from './field-path.ts';
import type { NumberRule } from './rules.ts';
import { nearest } from './suggest.ts';
import type { SourceLocation } from './types.ts';

/** A value found at a path. `node` is null when the key is present without a value (`hangup:`). */
export interface Slot {
  node: Node | null;
  path: FieldPath;
  /** The key holding the value: errors about an empty value point at it. */
  key?: Node;
}

/** The entries of a map that passed the unknown-key check, by key. */
export interface MapFields {
  node: YAMLMap;
  slot: Slot;
  get(key: string): Slot | undefined;
  /** Keys in file order, including rejected (unknown) ones. */
  readonly keys: readonly string[];
}

/** For a key that is unknown here but valid elsewhere: where it belongs, e.g. "it belongs under caller:". */
export type ElsewhereHint = (key: string) => string | undefined;

const MAX_SHOWN_CHARS = 40;

/** How a value appears in a message: `"fast"`, `3`, `a map`. */
export function describeValue(node: Node | null): string {
  if (node === null || (isScalar(node) && node.value === null)) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (typeof node.value === 'string') {
      const text =
        node.value.length > MAX_SHOWN_CHARS
          ? `${node.value.slice(0, MAX_SHOWN_CHARS)}…`
          : node.value;
      return JSON.stringify(text);
    }
    return node.source ?? String(node.value);
  }
  return 'an alias';
}

export function describeRule(rule: NumberRule): string {
  if (rule.integer && rule.unit === 'milliseconds')
    return `a whole number of milliseconds from ${rule.min} to ${rule.max}`;
  const of = rule.unit === '' ? '' : ` of ${rule.unit}`;
  return `a number${of} between ${rule.min} and ${rule.max}`;
}

export class NodeReader {
  readonly errors: ScenarioError[] = [];

  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  locate(node: Node | null | undefined): SourceLocation {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line: Math.max(line, 1), column: Math.max(col, 1) };
  }

  /** Where an error about a slot's value points: the value, or its key when the value is empty. */
  locateSlot(slot: Slot): SourceLocation {
    const empty =
      slot.node === null ||
      (isScalar(slot.node) && slot.node.value === null && slot.node.source === '');
    return this.locate(empty && slot.key !== undefined ? slot.key : (slot.node ?? slot.key));
  }

  report(
    at: SourceLocation,
    path: FieldPath,
    code: ScenarioErrorCode,
    detail: string,
    suggestion?: string,
  ): void {
    const info = { ...at, field: formatFieldPath(path), code, detail };
    this.errors.push(new ScenarioError(suggestion === undefined ? info : { ...info, suggestion }));
  }

  /** A slot for a raw pair value, following aliases (`*name`) to the node they name. */
  slot(value: unknown, path: FieldPath, key?: Node): Slot | undefined {
    const node = isNode(value) ? value : null;
    if (!isAlias(node)) return key === undefined ? { node, path } : { node, path, key };
    const target = node.resolve(this.doc);
    if (target === undefined) {
      const text = `*${node.source}`;
      this.report(
        this.locate(node),
        path,
        'yaml_syntax',
        `${text} is read by YAML as an alias to an anchor '${node.source}', which does not exist — quote the value: "${text}"`,
      );
      return undefined;
    }
    return key === undefined ? { node: target, path } : { node: target, path, key };
  }

  wrongType(slot: Slot, expected: string, code: ScenarioErrorCode = 'wrong_type'): undefined {
    this.report(
      this.locateSlot(slot),
      slot.path,
      code,
      `${subjectOf(slot.path)} must be ${expected}, got ${describeValue(slot.node)}`,
    );
    return undefined;
  }

  /**
   * Reads a map whose keys must all be in `allowed`. Unknown keys are reported (with the nearest
   * known key, or where the key belongs) and left out; the known ones are returned.
   */
  map(
    slot: Slot,
    allowed: readonly string[],
    expected: string,
    elsewhere?: ElsewhereHint,
  ): MapFields | undefined {
    if (!isMap(slot.node)) return this.wrongType(slot, expected);
    const entries = new Map<string, Slot>();
    const keys: string[] = [];
    for (const pair of slot.node.items) {
      const keyNode = isNode(pair.key) ? pair.key : undefined;
      const key = isScalar(keyNode)
        ? String(keyNode.source ?? keyNode.value)
        : describeValue(keyNode ?? null);
      keys.push(key);
      if (!allowed.includes(key)) {
        this.unknownKey(keyNode ?? slot.node, [...slot.path, key], allowed, elsewhere);
        continue;
      }
      const valueSlot = this.slot(pair.value, [...slot.path, key], keyNode);
      if (valueSlot !== undefined) entries.set(key, valueSlot);
    }
    return { node: slot.node, slot, get: (key) => entries.get(key), keys };
  }

  unknownKey(
    at: Node,
    path: FieldPath,
    allowed: readonly string[],
    elsewhere?: ElsewhereHint,
  ): void {
    const key = String(path[path.length - 1]);
    const where = elsewhere?.(key);
    if (where !== undefined) {
      this.report(this.locate(at), path, 'unknown_field', `unknown field '${key}' here — ${where}`);
      return;
    }
    const guess = nearest(key, allowed);
    if (guess !== undefined) {
      this.report(
        this.locate(at),
        path,
        'unknown_field',
        `unknown field '${key}' — did you mean '${guess}'?`,
        guess,
      );
      return;
    }
    const known =
      allowed.length === 0 ? 'this takes no fields' : `allowed here: ${allowed.join(', ')}`;
    this.report(this.locate(at), path, 'unknown_field', `unknown field '${key}' — ${known}`);
  }

  seq(slot: Slot, expected: string): YAMLSeq | undefined {
    return isSeq(slot.node) ? slot.node : this.wrongType(slot, expected);
  }

  number(slot: Slot, rule: NumberRule, orElse = ''): number | undefined {
    const expected = `${describeRule(rule)}${orElse}`;
    const node = slot.node;
    if (!isScalar(node) || typeof node.value !== 'number') return this.wrongType(slot, expected);
    const value = node.value;
    if (!Number.isFinite(value) || value < rule.min || value > rule.max)
      return this.wrongType(slot, expected, 'out_of_range');
    if (rule.integer && !Number.isInteger(value)) return this.wrongType(slot, expected);
    return value;
  }

  boolean(slot: Slot): boolean | undefined {
    const node = slot.node;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    return this.wrongType(slot, 'true or false');
  }

  /** A string; non-empty unless `allowEmpty`. */
  string(slot: Slot, expected: string, allowEmpty = false): string | undefined {
    const node = slot.node;
    if (!isScalar(node) || typeof node.value !== 'string') return this.wrongType(slot, expected);
    if (!allowEmpty && node.value.trim() === '')
      return this.wrongType(slot, expected, 'invalid_value');
    return node.value;
  }

  /**
   * Any scalar as the text the user wrote: `dtmf: 0012` is the number 12 to YAML but the keys
   * "0012" to a caller, and `say: 42` means the words "42". Null and collections are rejected.
   */
  scalarText(slot: Slot, expected: string): string | undefined {
    const node = slot.node;
    if (!isScalar(node) || node.value === null) return this.wrongType(slot, expected);
    const text = typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
    if (text.trim() === '') return this.wrongType(slot, expected, 'invalid_value');
    return text;
  }
}
