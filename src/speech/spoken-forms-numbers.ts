/**
 * Numbers as people say them on the phone. Two readings exist and callers mix them:
 *  - digit sequences ("four fifteen five five five oh one three four" is 415 555 0134, "double
 *    five" is 55, "eight hundred" is 800, "nineteen eighty five" is 1985);
 *  - cardinal values for amounts ("one hundred twenty three" is 123, "twelve fifty" is 12 and 50).
 * Digit sequences are ambiguous ("eight hundred five five five…" may be 800 or 805…), so
 * `digitReadings` returns every plausible reading, most likely first, and callers that know the
 * expected length (a phone number has 10 digits) pick the reading that fits.
 */
import {
  DIGIT_NAMES,
  DIGIT_WORDS,
  isDigitString,
  TEEN_NAMES,
  TEEN_WORDS,
  TENS_NAMES,
  TENS_WORDS,
} from './spoken-forms-words.ts';

/** Caps the readings explored, so a long run of ambiguous words stays cheap. */
const MAX_READINGS = 32;

type Option = [digits: string, next: number];

function unitAt(words: readonly string[], i: number): number | null {
  const w = words[i];
  if (w === undefined) return null;
  const d = DIGIT_WORDS[w];
  if (d !== undefined) return d;
  if (/^\d$/.test(w)) return Number(w);
  return null;
}

/** A number below 100 after "hundred"/"thousand" ("and fifteen", "twenty three", "five"). */
function smallAfter(
  words: readonly string[],
  start: number,
): { value: number; next: number; unitOnly: boolean; withAnd: boolean } | null {
  let i = start;
  const withAnd = words[i] === 'and';
  if (withAnd) i++;
  const w = words[i];
  if (w === undefined) return null;
  const tens = TENS_WORDS[w];
  if (tens !== undefined) {
    const unit = unitAt(words, i + 1);
    if (unit !== null && unit > 0)
      return { value: tens + unit, next: i + 2, unitOnly: false, withAnd };
    return { value: tens, next: i + 1, unitOnly: false, withAnd };
  }
  const teen = TEEN_WORDS[w];
  if (teen !== undefined) return { value: teen, next: i + 1, unitOnly: false, withAnd };
  const unit = unitAt(words, i);
  if (unit !== null && unit > 0) return { value: unit, next: i + 1, unitOnly: true, withAnd };
  return null;
}

/** The ways the words from `i` can start: each a digit string and where the rest begins. */
function optionsAt(words: readonly string[], i: number): Option[] {
  const w = words[i];
  const next = words[i + 1];
  if (isDigitString(w)) return [[w, i + 1]];
  if (w === 'and') return [['', i + 1]];
  if (w === 'double' || w === 'triple') {
    const unit = unitAt(words, i + 1);
    return unit === null ? [['', i + 1]] : [[String(unit).repeat(w === 'double' ? 2 : 3), i + 2]];
  }
  const multiplierBase =
    w === 'a' && (next === 'hundred' || next === 'thousand')
      ? 1
      : (DIGIT_WORDS[w] ?? TEEN_WORDS[w]);
  if (multiplierBase !== undefined && next === 'hundred') {
    const plain: Option = [`${multiplierBase}00`, i + 2];
    const small = smallAfter(words, i + 2);
    if (!small) return [plain];
    const absorbed: Option = [String(multiplierBase * 100 + small.value), small.next];
    // "eight hundred five five five" is a phone prefix; "four hundred fifteen" is one number.
    return small.unitOnly && !small.withAnd ? [plain, absorbed] : [absorbed, plain];
  }
  if (multiplierBase !== undefined && next === 'thousand') {
    const plain: Option = [`${multiplierBase}000`, i + 2];
    let rest = i + 2;
    let value = 0;
    if (words[rest] === 'and') rest++;
    const hundreds = unitAt(words, rest);
    if (hundreds !== null && hundreds > 0 && words[rest + 1] === 'hundred') {
      value = hundreds * 100;
      rest += 2;
    }
    const small = smallAfter(words, rest);
    if (small) {
      value += small.value;
      rest = small.next;
    }
    if (rest === i + 2) return [plain];
    // "two thousand five" is a year, 2005.
    return [[String(multiplierBase * 1000 + value), rest], plain];
  }
  if (w === 'hundred') return [['100', i + 1]];
  if (w === 'thousand') return [['1000', i + 1]];
  const digit = DIGIT_WORDS[w];
  if (digit !== undefined) return [[String(digit), i + 1]];
  const teen = TEEN_WORDS[w];
  if (teen !== undefined) return [[String(teen), i + 1]];
  const tens = TENS_WORDS[w];
  if (tens !== undefined) {
    const unit = unitAt(words, i + 1);
    if (unit !== null && unit > 0 && !isDigitString(words[i + 1]))
      return [
        [String(tens + unit), i + 2],
        [String(tens), i + 1],
      ];
    return [[String(tens), i + 1]];
  }
  return [['', i + 1]]; // not a number word: contributes nothing
}

/**
 * Every plausible digit string for a run of number words (lower case), most likely first.
 * Digit strings in the run ("415") are taken literally.
 */
export function digitReadings(words: readonly string[]): string[] {
  const memo = new Map<number, string[]>();
  const from = (i: number): string[] => {
    if (i >= words.length) return [''];
    const cached = memo.get(i);
    if (cached) return cached;
    const out: string[] = [];
    for (const [digits, next] of optionsAt(words, i)) {
      for (const rest of from(next)) {
        if (out.length >= MAX_READINGS) break;
        out.push(digits + rest);
      }
    }
    const unique = [...new Set(out)];
    memo.set(i, unique);
    return unique;
  };
  return from(0);
}

/** True for words that can be part of a spoken digit sequence. */
export function isSequenceWord(word: string, nextWord?: string): boolean {
  if (isDigitString(word)) return true;
  if (word in DIGIT_WORDS || word in TEEN_WORDS || word in TENS_WORDS) return true;
  if (word === 'hundred' || word === 'thousand' || word === 'double' || word === 'triple')
    return true;
  return word === 'a' && (nextWord === 'hundred' || nextWord === 'thousand');
}

/**
 * Cardinal numbers in a run of number words, split where one number clearly ends and another
 * begins: "one hundred twenty three" → [123]; "twelve fifty" → [12, 50]; "nineteen eighty five" → [19, 85].
 */
export function cardinalGroups(words: readonly string[]): number[] {
  const groups: number[] = [];
  let total = 0;
  let current = 0;
  let last: 'none' | 'unit' | 'teen' | 'tens' | 'tens_unit' | 'hundred' | 'thousand' = 'none';
  const flush = (): void => {
    if (last !== 'none') groups.push(total + current);
    total = 0;
    current = 0;
    last = 'none';
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === 'and') continue;
    if (isDigitString(w)) {
      flush();
      groups.push(Number(w));
      continue;
    }
    if (w === 'a' && (words[i + 1] === 'hundred' || words[i + 1] === 'thousand')) {
      flush();
      current = 1;
      last = 'unit';
      continue;
    }
    const unit = DIGIT_WORDS[w];
    const teen = TEEN_WORDS[w];
    const tens = TENS_WORDS[w];
    if (unit !== undefined) {
      if (last === 'unit' || last === 'teen' || last === 'tens_unit') flush();
      current += unit;
      last = last === 'tens' ? 'tens_unit' : 'unit';
    } else if (teen !== undefined) {
      if (last === 'unit' || last === 'teen' || last === 'tens' || last === 'tens_unit') flush();
      current += teen;
      last = 'teen';
    } else if (tens !== undefined) {
      if (last === 'unit' || last === 'teen' || last === 'tens' || last === 'tens_unit') flush();
      current += tens;
      last = 'tens';
    } else if (w === 'hundred') {
      current = (current || 1) * 100;
      last = 'hundred';
    } else if (w === 'thousand') {
      total += (current || 1) * 1000;
      current = 0;
      last = 'thousand';
    } else {
      flush();
    }
  }
  flush();
  return groups;
}

/** 0–99 in words ("forty two"), for grammar choices and readbacks. */
export function numberToWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99)
    throw new RangeError(`numberToWords handles 0–99, got ${n}`);
  if (n < 10) return DIGIT_NAMES[n];
  if (n < 20) return TEEN_NAMES[n - 10];
  const unit = n % 10;
  return unit === 0
    ? TENS_NAMES[Math.floor(n / 10)]
    : `${TENS_NAMES[Math.floor(n / 10)]} ${DIGIT_NAMES[unit]}`;
}
