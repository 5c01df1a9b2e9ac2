/**
 * Facts said the way a person says them on the phone, in the persona's style: codes spelled
 * ("A as in apple", NATO, or letter by letter), digits in groups ("four one five, five five five,
 * zero one three four"), dates in a few spoken forms, times as "ten a m", and keypad digits when
 * the agent asks for keys.
 */
import type { DateStyle, Persona, SpellingStyle } from '../../scenario/goal-types.ts';
import type { EntityExpectation } from '../../scenario/types.ts';
import { normalizeEntity } from '../../entities/score.ts';
import {
  isoParts,
  MONTH_NAMES,
  numberToWords,
  READBACK_WORDS,
  timeAsWords,
  formatAmountForSpeech,
} from '../../speech/spoken-forms.ts';
import { ordinalWord } from './ordinal-words.ts';
import { DIGIT_NAMES } from '../../speech/spoken-forms-words.ts';

const NATO: Readonly<Record<string, string>> = {
  A: 'alpha',
  B: 'bravo',
  C: 'charlie',
  D: 'delta',
  E: 'echo',
  F: 'foxtrot',
  G: 'golf',
  H: 'hotel',
  I: 'india',
  J: 'juliet',
  K: 'kilo',
  L: 'lima',
  M: 'mike',
  N: 'november',
  O: 'oscar',
  P: 'papa',
  Q: 'quebec',
  R: 'romeo',
  S: 'sierra',
  T: 'tango',
  U: 'uniform',
  V: 'victor',
  W: 'whiskey',
  X: 'x-ray',
  Y: 'yankee',
  Z: 'zulu',
};

/** What a fact answer is made of: words to say and, for the keypad, keys to press. */
export interface FactAnswer {
  say: string;
  /** The same value as keypad digits, when it has a digit form (codes with letters have none). */
  keys: string | null;
}

function digitWords(digits: string): string {
  return [...digits].map((d) => DIGIT_NAMES[Number(d)]).join(' ');
}

/** "4155550134" with [3,3,4] → "four one five, five five five, zero one three four"; groups apply only when they add up to the length. */
export function groupedDigits(digits: string, grouping: readonly number[]): string {
  const total = grouping.reduce((a, b) => a + b, 0);
  if (grouping.length === 0 || total !== digits.length) return digitWords(digits);
  const parts: string[] = [];
  let at = 0;
  for (const size of grouping) {
    parts.push(digitWords(digits.slice(at, at + size)));
    at += size;
  }
  return parts.join(', ');
}

/** "AB3792" → "A as in apple B as in boy three seven nine two" (or NATO / letter names). */
export function spelledCode(code: string, style: SpellingStyle): string {
  const words: string[] = [];
  for (const c of code.toUpperCase()) {
    if (/[0-9]/.test(c)) words.push(DIGIT_NAMES[Number(c)]);
    else if (/[A-Z]/.test(c))
      words.push(
        style === 'as_in' ? `${c} as in ${READBACK_WORDS[c]}` : style === 'nato' ? NATO[c] : c,
      );
  }
  return words.join(' ');
}

/** 1985 → "nineteen eighty five", 2005 → "two thousand five", 2026 → "twenty twenty six". */
export function yearWords(year: number): string {
  if (year >= 2000 && year < 2010)
    return year === 2000 ? 'two thousand' : `two thousand ${numberToWords(year - 2000)}`;
  const hi = Math.floor(year / 100);
  const lo = year % 100;
  if (lo === 0) return `${numberToWords(hi)} hundred`;
  return `${numberToWords(hi)} ${lo < 10 ? `oh ${numberToWords(lo)}` : numberToWords(lo)}`;
}

/** An ISO date in one of the persona's forms; `withYear` false leaves the year out (an appointment day). */
export function spokenDate(iso: string, style: DateStyle, withYear: boolean): string | null {
  const parts = isoParts(iso);
  if (!parts) return null;
  const month = MONTH_NAMES[parts.month - 1].toLowerCase();
  const year = withYear ? ` ${yearWords(parts.year)}` : '';
  switch (style) {
    case 'month_day':
      return `${month} ${ordinalWord(parts.day)}${year}`;
    case 'day_of_month':
      return `the ${ordinalWord(parts.day)} of ${month}${year}`;
    case 'numeric':
      return `${numberToWords(parts.month)} ${numberToWords(parts.day)}${withYear ? ` ${yearWords(parts.year)}` : ''}`;
  }
}

/** The fact, said in the persona's style. `withYear`: dates of birth yes, appointment days no. */
export function factAnswer(
  fact: EntityExpectation,
  persona: Persona,
  options: { withYear: boolean },
): FactAnswer {
  const value = normalizeEntity(fact.type, fact.value);
  switch (fact.type) {
    case 'code': {
      const keys = /^\d+$/.test(value) ? value : null;
      return { say: spelledCode(value, persona.spellsCodes), keys };
    }
    case 'phone':
    case 'number': {
      const digits = value.replace(/\D/g, '');
      return { say: groupedDigits(digits, persona.digitGrouping), keys: digits };
    }
    case 'date': {
      const parts = isoParts(value);
      // A relative day ("friday", "tomorrow") is said as written.
      if (!parts) return { say: fact.value, keys: null };
      const keys = `${String(parts.month).padStart(2, '0')}${String(parts.day).padStart(2, '0')}${parts.year}`;
      return { say: spokenDate(value, persona.dateStyle, options.withYear) ?? fact.value, keys };
    }
    case 'amount':
      return { say: formatAmountForSpeech(Number(value)), keys: null };
    case 'name':
      return { say: fact.value, keys: null };
  }
}

/** A time fact ("10:00", "2:30 pm") as words: "ten a m". */
export function spokenTime(value: string): string {
  const m = /^(\d{1,2}):(\d{2})\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(value.trim());
  if (!m) return value;
  let hour = Number(m[1]);
  const suffix = m[3]?.toLowerCase().replace(/\./g, '');
  if (suffix === 'pm' && hour < 12) hour += 12;
  if (suffix === 'am' && hour === 12) hour = 0;
  return timeAsWords(`${String(hour).padStart(2, '0')}:${m[2]}`);
}

/**
 * The value with one digit wrong (the last digit one higher), for a persona that gives a wrong
 * digit first and corrects it at the read-back. Null when the value has no digit.
 */
export function withWrongDigit(fact: EntityExpectation): EntityExpectation | null {
  const value = fact.value;
  const last = value.search(/\d(?=\D*$)/);
  if (last < 0) return null;
  const wrong = String((Number(value[last]) + 1) % 10);
  return { ...fact, value: value.slice(0, last) + wrong + value.slice(last + 1) };
}
