/**
 * Digit strings, phone numbers, ZIP codes and alphanumeric codes from what a caller said or typed:
 * "a as in apple b three seven nine two", "AB3792", "four fifteen five five five oh one three
 * four", "(415) 555-0134", DTMF "4155550134".
 */
import { digitReadings, isSequenceWord } from './spoken-forms-numbers.ts';
import {
  FILLER_WORDS,
  isDigitString,
  isNumberWord,
  letterOf,
  NATO_WORDS,
  numericOrdinal,
  tokenize,
  type Token,
} from './spoken-forms-words.ts';

const MAX_CANDIDATES = 32;

/** The number words of a transcript, in order ("my number is four one five" → four one five). */
function numberWords(tokens: readonly Token[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i].word;
    const next = tokens[i + 1]?.word;
    if (isSequenceWord(w, next)) words.push(w);
    else if (
      w === 'and' &&
      words.length > 0 &&
      next !== undefined &&
      isSequenceWord(next, tokens[i + 2]?.word)
    )
      words.push(w);
  }
  return words;
}

/**
 * Digits in `text`, spoken or written. With `length`, the first reading of that length wins
 * ("eight hundred five five five one two one two" → 8005551212 for length 10); otherwise the most
 * likely reading. Null when no digits were said.
 */
export function parseDigits(text: string, options: { length?: number } = {}): string | null {
  const readings = digitReadings(numberWords(tokenize(text))).filter((r) => r !== '');
  if (readings.length === 0) return null;
  if (options.length === undefined) return readings[0];
  return readings.find((r) => r.length === options.length) ?? null;
}

/** A 10-digit North American number; a leading country code 1 ("+1", "one eight hundred…") is dropped. */
export function parsePhone(text: string): string | null {
  const readings = digitReadings(numberWords(tokenize(text)));
  for (const r of readings) {
    if (r.length === 10) return r;
    if (r.length === 11 && r.startsWith('1')) return r.slice(1);
  }
  return null;
}

/** A 5-digit ZIP code (ZIP+4 is cut to its first five). */
export function parseZip(text: string): string | null {
  const readings = digitReadings(numberWords(tokenize(text)));
  for (const r of readings) if (r.length === 5) return r;
  for (const r of readings) if (r.length === 9) return r.slice(0, 5);
  return null;
}

type Item = { kind: 'text'; value: string } | { kind: 'run'; words: string[] };

/** Words that make "I" a filler rather than the letter I ("I think it's…"). */
const AFTER_I = new Set([
  'think',
  'said',
  'mean',
  'believe',
  'guess',
  'have',
  'got',
  'am',
  'was',
  'need',
  'want',
]);

function isAlphaWord(word: string): boolean {
  return /^[a-z]{2,}$/.test(word);
}

/** Letters, digit runs and literal characters of a spelled code, in order. */
function codeItems(tokens: readonly Token[]): Item[] {
  const items: Item[] = [];
  const pushText = (value: string): void => {
    const last = items[items.length - 1];
    if (last?.kind === 'text') last.value += value;
    else items.push({ kind: 'text', value });
  };
  for (let i = 0; i < tokens.length;) {
    const w = tokens[i].word;
    const raw = tokens[i].raw;
    const at = (k: number): string | undefined => tokens[i + k]?.word;
    // "a as in apple", "b like boy", "c for charlie": the spelling word is the more reliable half.
    if (w === 'as' && at(1) === 'in' && isAlphaWord(at(2) ?? '')) {
      pushText(at(2)![0].toUpperCase());
      i += 3;
      continue;
    }
    const letter = letterOf(w);
    if (letter !== null) {
      const spelledBy =
        at(1) === 'as' && at(2) === 'in'
          ? at(3)
          : at(1) === 'like'
            ? at(2)
            : at(1) === 'for' && at(2)?.[0] === letter.toLowerCase()
              ? at(2)
              : undefined;
      if (spelledBy !== undefined && isAlphaWord(spelledBy)) {
        pushText(spelledBy[0].toUpperCase());
        i += at(1) === 'as' ? 4 : 3;
        continue;
      }
    }
    if (w === 'i' && AFTER_I.has(at(1) ?? '')) {
      i += 1;
      continue;
    }
    const following = at(1);
    if ((w === 'double' || w === 'triple') && following !== undefined && !isNumberWord(following)) {
      const repeated = letterOf(following);
      if (repeated !== null) {
        pushText(repeated.repeat(w === 'double' ? 2 : 3));
        i += 2;
        continue;
      }
    }
    // Single letters are letters here ("o" too: a code's shape may turn it into zero later).
    if (
      w.length === 1 &&
      w >= 'a' &&
      w <= 'z' &&
      !(w === 'a' && (following === 'hundred' || following === 'thousand'))
    ) {
      pushText(w.toUpperCase());
      i += 1;
      continue;
    }
    if (isSequenceWord(w, at(1))) {
      const run: string[] = [];
      while (i < tokens.length) {
        const cur = tokens[i].word;
        const next = tokens[i + 1]?.word;
        if (
          isSequenceWord(cur, next) ||
          (cur === 'and' &&
            run.length > 0 &&
            next !== undefined &&
            isSequenceWord(next, tokens[i + 2]?.word))
        ) {
          run.push(cur);
          i += 1;
        } else break;
      }
      items.push({ kind: 'run', words: run });
      continue;
    }
    const ordinal = numericOrdinal(w);
    if (ordinal !== null) {
      pushText(String(ordinal));
      i += 1;
      continue;
    }
    if (/^[a-z0-9]+$/.test(w) && /\d/.test(w) && /[a-z]/.test(w)) {
      pushText(w.toUpperCase());
      i += 1;
      continue;
    }
    if (w in NATO_WORDS) {
      pushText(NATO_WORDS[w]);
      i += 1;
      continue;
    }
    if (FILLER_WORDS.has(w)) {
      i += 1;
      continue;
    }
    if (letter !== null) {
      pushText(letter);
      i += 1;
      continue;
    }
    // A cloud recognizer writes spelled letters as capitals ("AB 3792"); grammar output never
    // contains unknown words, so an unknown all-caps token is a run of letters.
    if (/^[A-Z]{2,4}$/.test(raw) && !isNumberWord(w)) {
      pushText(raw);
      i += 1;
      continue;
    }
    i += 1;
  }
  return items;
}

/** "L+" (any number of letters: a spelled name), "D+", "A+" as a shape of `length` characters; other shapes as they are. */
function expandShape(shape: string, length: number): string {
  return /^[LDA]\+$/.test(shape) ? shape[0].repeat(Math.max(1, length)) : shape;
}

/** Does `code` fit `shape` (L = letter, D = digit, A = either; "L+" = one or more letters)? */
export function matchesShape(code: string, pattern: string): boolean {
  const shape = expandShape(pattern, code.length);
  if (code.length !== shape.length) return false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    const s = shape[i];
    if (s === 'L' && !/[A-Z]/.test(c)) return false;
    if (s === 'D' && !/[0-9]/.test(c)) return false;
  }
  return true;
}

/** O and 0 sound alike ("oh"): put each where the shape says it belongs. */
function coerceToShape(code: string, pattern: string): string {
  const shape = expandShape(pattern, code.length);
  if (code.length !== shape.length) return code;
  let out = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (shape[i] === 'L' && c === '0') out += 'O';
    else if (shape[i] === 'D' && c === 'O') out += '0';
    else out += c;
  }
  return out;
}

export interface ParseCodeOptions {
  /**
   * The code's pattern, e.g. "LLDDDD" for AB3792 (L letter, D digit, A either), or "L+" for
   * letters only (a spelled name). It picks among readings ("thirty seven ninety two" → 3792)
   * and settles O against 0.
   */
  shape?: string;
}

/** An alphanumeric code in upper case ("a as in apple b three seven nine two" → "AB3792"), or null. */
export function parseCode(text: string, options: ParseCodeOptions = {}): string | null {
  const items = codeItems(tokenize(text));
  if (items.length === 0) return null;
  let candidates = [''];
  for (const item of items) {
    const parts = item.kind === 'text' ? [item.value] : digitReadings(item.words);
    const next: string[] = [];
    for (const prefix of candidates)
      for (const part of parts) if (next.length < MAX_CANDIDATES) next.push(prefix + part);
    candidates = next;
  }
  candidates = candidates.filter((c) => c !== '');
  if (candidates.length === 0) return null;
  const { shape } = options;
  if (shape !== undefined) {
    for (const c of candidates) {
      const coerced = coerceToShape(c, shape);
      if (matchesShape(coerced, shape)) return coerced;
    }
  }
  return candidates[0];
}

/** Digits only, for DTMF-typed input ("4155550134"); null if anything else is in it. */
export function dtmfDigits(text: string): string | null {
  const digits = text.replace(/[#\s]/g, '');
  return isDigitString(digits) ? digits : null;
}
