/**
 * Dates as callers say or type them: "march third", "the 23rd of november", "11/27",
 * "eleven twenty seven" (month then day, the American habit), "tomorrow", "next tuesday",
 * "march fifteenth nineteen eighty five", DTMF "03151985" (MMDDYYYY).
 *
 * Choices made where speech is ambiguous:
 *  - a missing year is the next occurrence (`prefer: 'future'`, appointments) or the last one
 *    (`prefer: 'past'`, e.g. a recent purchase); a two-digit year is 20yy in the future mode and
 *    the latest of 19yy/20yy not after today in the past mode (dates of birth);
 *  - "tuesday", "this tuesday" and "next tuesday" all mean the first Tuesday after today (callers
 *    disagree on "next"; read the date back); "tuesday after next" is a week later;
 *  - a time in the same sentence ("tomorrow at three") is ignored here: see parseTime.
 */
import { addDays, isoDate, isoParts, localIsoDate, weekdayOf } from './spoken-forms-calendar.ts';
import { digitReadings } from './spoken-forms-numbers.ts';
import {
  DIGIT_WORDS,
  isDigitString,
  numericOrdinal,
  ORDINAL_WORDS,
  TEEN_WORDS,
  TENS_WORDS,
  tokenize,
} from './spoken-forms-words.ts';

export interface DateParts {
  month: number;
  day: number;
  /** As said: 1985, or 85 when `yearDigits` is 2; absent when not said. */
  year?: number;
  yearDigits?: 2 | 4;
}

export interface ParseDateOptions {
  prefer?: 'future' | 'past';
  /** Reject dates said without a year (dates of birth). */
  requireYear?: boolean;
}

const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

const WEEKDAYS: Readonly<Record<string, number>> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sundays: 0,
  mondays: 1,
  tuesdays: 2,
  wednesdays: 3,
  thursdays: 4,
  fridays: 5,
  saturdays: 6,
};

/** Words after which the rest of the sentence is a time, not a date. */
const TIME_WORDS = new Set([
  'at',
  'am',
  'pm',
  "o'clock",
  'oclock',
  'noon',
  'midnight',
  'morning',
  'afternoon',
  'evening',
  'around',
  'about',
]);

interface Day {
  day: number;
  next: number;
  ordinal: boolean;
}

/** A day of the month at `i`: "third", "twenty third", "23rd", "twenty three", "23". */
function dayAt(words: readonly string[], start: number): Day | null {
  let i = start;
  if (words[i] === 'the') i++;
  const w = words[i];
  if (w === undefined) return null;
  const numOrd = numericOrdinal(w);
  if (numOrd !== null)
    return numOrd >= 1 && numOrd <= 31 ? { day: numOrd, next: i + 1, ordinal: true } : null;
  if (/^\d{1,2}$/.test(w)) {
    const n = Number(w);
    return n >= 1 && n <= 31 ? { day: n, next: i + 1, ordinal: false } : null;
  }
  const tens = TENS_WORDS[w];
  if (tens !== undefined && tens <= 30) {
    const next = words[i + 1] ?? '';
    const ordUnit = ORDINAL_WORDS[next];
    if (ordUnit !== undefined && ordUnit < 10 && tens + ordUnit <= 31)
      return { day: tens + ordUnit, next: i + 2, ordinal: true };
    const unit = DIGIT_WORDS[next];
    if (unit !== undefined && unit > 0 && next !== 'o' && next !== 'oh' && tens + unit <= 31)
      return { day: tens + unit, next: i + 2, ordinal: false };
    return { day: tens, next: i + 1, ordinal: false };
  }
  const ord = ORDINAL_WORDS[w];
  if (ord !== undefined) return { day: ord, next: i + 1, ordinal: true };
  const teen = TEEN_WORDS[w];
  if (teen !== undefined) return { day: teen, next: i + 1, ordinal: false };
  const unit = DIGIT_WORDS[w];
  if (unit !== undefined && unit > 0 && w !== 'o' && w !== 'oh')
    return { day: unit, next: i + 1, ordinal: false };
  return null;
}

/** A year in the words from `start` on: "nineteen eighty five", "2027", "two thousand five", "eighty five". */
function yearFrom(words: readonly string[], start: number): { year: number; digits: 2 | 4 } | null {
  const numberish = words
    .slice(start)
    .filter((w) => w !== 'of' && w !== 'in' && w !== 'the' && w !== 'year');
  if (numberish.length === 0) return null;
  const readings = digitReadings(numberish);
  const four = readings.find((r) => r.length === 4);
  if (four !== undefined) return { year: Number(four), digits: 4 };
  const two = readings.find((r) => r.length === 2);
  if (two !== undefined) return { year: Number(two), digits: 2 };
  return null;
}

function withYear(
  month: number,
  day: number,
  year: { year: number; digits: 2 | 4 } | null,
): DateParts {
  return year ? { month, day, year: year.year, yearDigits: year.digits } : { month, day };
}

/** "0315", "031585", "03151985" (DTMF or digit by digit): MMDD, MMDDYY, MMDDYYYY. */
function fromDigitString(digits: string): DateParts | null {
  if (![4, 6, 8].includes(digits.length)) return null;
  const month = Number(digits.slice(0, 2));
  const day = Number(digits.slice(2, 4));
  if (digits.length === 4) return { month, day };
  const year = Number(digits.slice(4));
  return { month, day, year, yearDigits: digits.length === 6 ? 2 : 4 };
}

/** The words of the date part of a sentence: everything before a time ("tomorrow at three"). */
function dateWords(text: string): string[] {
  const words: string[] = [];
  for (const { word } of tokenize(text)) {
    if (
      TIME_WORDS.has(word) ||
      /^\d{1,2}(:\d{2})?(am|pm)$/.test(word) ||
      /^\d{1,2}:\d{2}$/.test(word)
    )
      break;
    words.push(word);
  }
  return words;
}

/**
 * The calendar parts said in `text` (no relative dates, no year inference), or null.
 * Month and day are checked for range, not against a particular year.
 */
export function parseDateParts(text: string): DateParts | null {
  const trimmed = text.trim();
  const iso = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(trimmed);
  if (iso)
    return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), yearDigits: 4 };
  const slashed = /\b(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?\b/.exec(trimmed);
  if (slashed) {
    const parts: DateParts = { month: Number(slashed[1]), day: Number(slashed[2]) };
    if (slashed[3] !== undefined) {
      parts.year = Number(slashed[3]);
      parts.yearDigits = slashed[3].length === 4 ? 4 : 2;
    }
    return validParts(parts);
  }
  if (/^\d+#?$/.test(trimmed)) return validParts(fromDigitString(trimmed.replace('#', '')));

  const words = dateWords(trimmed);
  // Month by name: "march third", "the third of march", "3 march 2027". A day right before the
  // month wins ("the third of march twenty twenty seven": the number after it is the year).
  for (let monthAt = 0; monthAt < words.length; monthAt++) {
    const month = MONTHS[words[monthAt]];
    if (month === undefined) continue;
    for (let k = Math.max(0, monthAt - 3); k < monthAt; k++) {
      const before = dayAt(words, k);
      if (
        before &&
        (before.next === monthAt || (before.next === monthAt - 1 && words[monthAt - 1] === 'of'))
      ) {
        return validParts(withYear(month, before.day, yearFrom(words, monthAt + 1)));
      }
    }
    const after = dayAt(words, monthAt + 1);
    if (after) return validParts(withYear(month, after.day, yearFrom(words, after.next)));
  }
  if (words.some((w) => MONTHS[w] !== undefined && w !== 'may')) return null;

  // Spoken digit by digit ("oh three one five one nine eight five").
  const numberWords = words.filter((w) => w !== 'the' && w !== 'of' && w !== 'and');
  if (
    numberWords.length >= 4 &&
    numberWords.every((w) => DIGIT_WORDS[w] !== undefined || /^\d$/.test(w))
  ) {
    return validParts(
      fromDigitString(
        numberWords.map((w) => (isDigitString(w) ? w : String(DIGIT_WORDS[w]))).join(''),
      ),
    );
  }

  // Month as a number, then day: "eleven twenty seven", "oh three fifteen eighty five".
  let i = words.findIndex(
    (w) => DIGIT_WORDS[w] !== undefined || TEEN_WORDS[w] !== undefined || /^\d{1,2}$/.test(w),
  );
  if (i >= 0 && ORDINAL_WORDS[words[i]] === undefined) {
    let month: number | null = null;
    const w = words[i];
    if (
      (w === 'oh' || w === 'o' || w === 'zero') &&
      DIGIT_WORDS[words[i + 1] ?? ''] !== undefined
    ) {
      month = DIGIT_WORDS[words[i + 1]];
      i += 2;
    } else {
      const n = /^\d{1,2}$/.test(w) ? Number(w) : (DIGIT_WORDS[w] ?? TEEN_WORDS[w]);
      if (n !== undefined && n >= 1 && n <= 12) month = n;
      i += 1;
    }
    const day = month === null ? null : dayAt(words, i);
    if (month !== null && day)
      return validParts(withYear(month, day.day, yearFrom(words, day.next)));
  }
  return null;
}

function validParts(parts: DateParts | null): DateParts | null {
  if (!parts) return null;
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > 31) return null;
  // February 30th does not exist in any year; February 29th only in some (checked with the year).
  if (isoDate(2024, parts.month, parts.day) === null) return null;
  return parts;
}

/** "today", "tomorrow", "next tuesday", "the fifteenth": dates that need today to resolve. */
function relativeDate(
  words: readonly string[],
  today: string,
  prefer: 'future' | 'past',
): string | null {
  const text = ` ${words.join(' ')} `;
  if (text.includes(' day after tomorrow ')) return addDays(today, 2);
  if (text.includes(' day before yesterday ')) return addDays(today, -2);
  if (text.includes(' tomorrow ')) return addDays(today, 1);
  if (text.includes(' yesterday ')) return addDays(today, -1);
  if (text.includes(' today ') || text.includes(' tonight ')) return today;
  // "the fifteenth", "on the 15th", "fifteenth": a day of this month or the next (or the last, looking back).
  for (let k = 0; k < words.length; k++) {
    const day = dayAt(words, k);
    // "the one on tuesday" is no date: a day needs an ordinal ("fifteenth", "15th") or digits after "the".
    if (!day || !(day.ordinal || (words[k] === 'the' && /^\d/.test(words[k + 1] ?? '')))) continue;
    const { year, month, day: todayDay } = isoParts(today)!;
    const sameMonth = prefer === 'future' ? day.day >= todayDay : day.day <= todayDay;
    const step = prefer === 'future' ? 1 : -1;
    for (let shift = sameMonth ? 0 : step, tries = 0; tries < 3; shift += step, tries++) {
      const m0 = month - 1 + shift; // 0-based, may leave 0..11
      const candidate = isoDate(year + Math.floor(m0 / 12), (((m0 % 12) + 12) % 12) + 1, day.day);
      if (candidate) return candidate;
    }
    return null;
  }
  const weekdayAt = words.findIndex((w) => WEEKDAYS[w] !== undefined);
  if (weekdayAt >= 0) {
    const target = WEEKDAYS[words[weekdayAt]];
    const current = weekdayOf(today);
    if (words[weekdayAt - 1] === 'last' || prefer === 'past') {
      const back = (current - target + 7) % 7 || 7;
      return addDays(today, -back);
    }
    const ahead = (target - current + 7) % 7 || 7;
    const afterNext = words[weekdayAt + 1] === 'after' && words[weekdayAt + 2] === 'next';
    return addDays(today, ahead + (afterNext ? 7 : 0));
  }
  return null;
}

function expandYear(
  parts: DateParts,
  today: { year: number },
  prefer: 'future' | 'past',
): number | undefined {
  if (parts.year === undefined || parts.yearDigits !== 2) return parts.year;
  if (prefer === 'future') return 2000 + parts.year;
  return 2000 + parts.year <= today.year ? 2000 + parts.year : 1900 + parts.year;
}

/**
 * The date said in `text` as ISO "YYYY-MM-DD", relative to `today` (ISO; default: the local
 * date), or null when no valid date was said.
 */
export function parseDate(
  text: string,
  today: string = localIsoDate(),
  options: ParseDateOptions = {},
): string | null {
  const prefer = options.prefer ?? 'future';
  const now = isoParts(today);
  if (!now)
    throw new RangeError(`parseDate: today must be an ISO date (YYYY-MM-DD), got "${today}"`);
  const parts = parseDateParts(text);
  if (parts) {
    const year = expandYear(parts, now, prefer);
    if (year !== undefined) return isoDate(year, parts.month, parts.day);
    if (options.requireYear) return null;
    const thisYear = isoDate(now.year, parts.month, parts.day);
    if (prefer === 'future') {
      if (thisYear !== null && thisYear >= today) return thisYear;
    } else if (thisYear !== null && thisYear <= today) {
      return thisYear;
    }
    // February 29th may be up to four years away.
    const step = prefer === 'future' ? 1 : -1;
    for (let k = 1; k <= 4; k++) {
      const candidate = isoDate(now.year + k * step, parts.month, parts.day);
      if (candidate) return candidate;
    }
    return null;
  }
  if (options.requireYear) return null;
  const words = dateWords(text);
  // A month was named but no valid day with it ("february thirtieth"): not a relative date either.
  if (words.some((w) => MONTHS[w] !== undefined && w !== 'may')) return null;
  return relativeDate(words, today, prefer);
}
