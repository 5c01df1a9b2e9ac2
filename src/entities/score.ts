/**
 * Entity scoring: what the caller said (a scenario's `entities:`) against what the agent
 * captured, per type, as exact match and character error rate (CER = edit distance / length of
 * the expected value, the usual measure for alphanumerics).
 */
import { parseDate } from '../speech/spoken-forms.ts';
import type { EntityExpectation, EntityType } from '../scenario/types.ts';

export type EntitySource = 'side_channel' | 'none';

export interface EntityResult {
  turn: number;
  name: string;
  type: EntityType;
  expected: string;
  /** The closest value the agent captured (normalized), or null if it captured none. */
  captured: string | null;
  exact: boolean;
  cer: number;
  source: EntitySource;
  /** Why it is not an exact match, in words (absent when exact): no side channel, no tool call, nothing like it, or a different value. */
  why?: string;
}

/** Why an entity was not captured exactly, for the reports' entity tables. */
export function missReason(
  source: EntitySource,
  capturedCount: number,
  captured: string | null,
): string {
  if (source === 'none')
    return 'the agent reports no side channel (GET /calls/:callSid), so what it captured is unknown';
  if (capturedCount === 0) return 'the agent made no tool call (with arguments) during the call';
  if (captured === null) return "the agent's tool calls held nothing like this value";
  return 'the agent captured a different value';
}

/** A value in the canonical form of its type, so "(415) 555-0134" equals "4155550134". */
export function normalizeEntity(type: EntityType, raw: string): string {
  const text = raw.trim();
  switch (type) {
    case 'code':
      return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
    case 'phone': {
      const digits = text.replace(/\D/g, '');
      return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
    }
    case 'number':
      return text.replace(/[^\d.]/g, '');
    case 'amount': {
      const n = Number(text.replace(/[^\d.]/g, ''));
      return Number.isFinite(n) && text.replace(/[^\d]/g, '') !== '' ? n.toFixed(2) : text;
    }
    case 'date': {
      const iso = /\d{4}-\d{2}-\d{2}/.exec(text)?.[0];
      return iso ?? parseDate(text) ?? text.toLowerCase();
    }
    case 'name':
      return text
        .toLowerCase()
        .replace(/[^a-z' ]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
  }
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Character error rate of `got` against `expected` (0 = exact; can exceed 1 for long junk). */
export function characterErrorRate(expected: string, got: string): number {
  if (expected.length === 0) return got.length === 0 ? 0 : 1;
  return editDistance(expected, got) / expected.length;
}

/** Scores one expected entity against every value the agent captured (all its tool arguments). */
export function scoreEntity(
  turn: number,
  expectation: EntityExpectation,
  captured: readonly string[],
  source: EntitySource,
): EntityResult {
  const expected = normalizeEntity(expectation.type, expectation.value);
  let best: { value: string; cer: number } | null = null;
  for (const raw of captured) {
    const value = normalizeEntity(expectation.type, raw);
    if (value === '') continue;
    const cer = characterErrorRate(expected, value);
    // A value sharing (almost) nothing with the expected one is some other argument (a reason,
    // a name), not a wrong capture of this entity.
    if (cer >= 1) continue;
    if (!best || cer < best.cer) best = { value, cer };
  }
  const exact = best !== null && best.cer === 0;
  return {
    turn,
    name: expectation.name,
    type: expectation.type,
    expected,
    captured: best?.value ?? null,
    exact,
    cer: best ? Math.min(1, best.cer) : 1,
    source,
    ...(exact ? {} : { why: missReason(source, captured.length, best?.value ?? null) }),
  };
}

/** Every string or number inside a tool call's arguments (nested objects included). */
export function argumentValues(args: unknown): string[] {
  if (typeof args === 'string') return [args];
  if (typeof args === 'number') return [String(args)];
  if (Array.isArray(args)) return args.flatMap(argumentValues);
  if (args && typeof args === 'object') return Object.values(args).flatMap(argumentValues);
  return [];
}
