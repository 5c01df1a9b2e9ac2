/**
 * The other direction: canonical values written so that text-to-speech reads them clearly on a
 * phone line ("AB3792" → "A as in apple, B as in boy, 3, 7, 9, 2"). Commas make TTS pause
 * between characters, which is what lets a caller follow and check a read-back.
 */
import { MONTH_NAMES, WEEKDAY_NAMES, isoParts, weekdayOf } from './spoken-forms-calendar.ts';
import { numberToWords } from './spoken-forms-numbers.ts';

/** One spelling word per letter: common words, each starting with its letter's sound. */
export const READBACK_WORDS: Readonly<Record<string, string>> = {
  A: 'apple',
  B: 'boy',
  C: 'charlie',
  D: 'david',
  E: 'edward',
  F: 'frank',
  G: 'george',
  H: 'henry',
  I: 'india',
  J: 'john',
  K: 'king',
  L: 'larry',
  M: 'mary',
  N: 'nancy',
  O: 'oscar',
  P: 'peter',
  Q: 'queen',
  R: 'robert',
  S: 'sam',
  T: 'tom',
  U: 'uniform',
  V: 'victor',
  W: 'william',
  X: 'x-ray',
  Y: 'yellow',
  Z: 'zebra',
};

/** "AB3792" → "A as in apple, B as in boy, 3, 7, 9, 2". */
export function spellForReadback(code: string): string {
  const parts: string[] = [];
  for (const c of code.toUpperCase()) {
    if (/[A-Z]/.test(c)) parts.push(`${c} as in ${READBACK_WORDS[c]}`);
    else if (/[0-9]/.test(c)) parts.push(c);
  }
  return parts.join(', ');
}

function spaced(digits: string): string {
  return digits.split('').join(' ');
}

/**
 * Digits grouped the way people say them: a 10-digit phone number as "4 1 5, 5 5 5, 0 1 3 4",
 * a 7-digit one as "5 5 5, 0 1 3 4", anything else digit by digit ("9 4 1 1 0").
 */
export function digitsForReadback(digits: string): string {
  const clean = digits.replace(/\D/g, '');
  if (clean.length === 10)
    return `${spaced(clean.slice(0, 3))}, ${spaced(clean.slice(3, 6))}, ${spaced(clean.slice(6))}`;
  if (clean.length === 7) return `${spaced(clean.slice(0, 3))}, ${spaced(clean.slice(3))}`;
  return spaced(clean);
}

export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** "2026-03-03" → "March 3rd"; with `weekday` "Tuesday, March 3rd"; with `year` "March 3rd, 2026". */
export function formatDateForSpeech(
  iso: string,
  options: { weekday?: boolean; year?: boolean } = {},
): string {
  const parts = isoParts(iso);
  if (!parts) throw new RangeError(`not an ISO date (YYYY-MM-DD): "${iso}"`);
  let text = `${MONTH_NAMES[parts.month - 1]} ${ordinal(parts.day)}`;
  if (options.weekday) text = `${WEEKDAY_NAMES[weekdayOf(iso)]}, ${text}`;
  if (options.year) text += `, ${parts.year}`;
  return text;
}

function timeParts(hhmm: string): { hour: number; minute: number } {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59)
    throw new RangeError(`not a 24-hour time (HH:MM): "${hhmm}"`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** "10:00" → "10 AM", "14:30" → "2:30 PM", "12:00" → "noon". */
export function formatTimeForSpeech(hhmm: string): string {
  const { hour, minute } = timeParts(hhmm);
  if (minute === 0 && hour === 12) return 'noon';
  if (minute === 0 && hour === 0) return 'midnight';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const suffix = hour < 12 ? 'AM' : 'PM';
  return minute === 0 ? `${h12} ${suffix}` : `${h12}:${String(minute).padStart(2, '0')} ${suffix}`;
}

/** "10:30" → "ten thirty a m", "14:05" → "two oh five p m": how a caller says it, for grammars. */
export function timeAsWords(hhmm: string): string {
  const { hour, minute } = timeParts(hhmm);
  if (minute === 0 && hour === 12) return 'noon';
  if (minute === 0 && hour === 0) return 'midnight';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const suffix = hour < 12 ? 'a m' : 'p m';
  const minutes =
    minute === 0 ? '' : minute < 10 ? ` oh ${numberToWords(minute)}` : ` ${numberToWords(minute)}`;
  return `${numberToWords(h12)}${minutes} ${suffix}`;
}

/** 25 → "$25", 12.5 → "$12.50". */
export function formatAmountForSpeech(dollars: number): string {
  return Number.isInteger(dollars) ? `$${dollars}` : `$${dollars.toFixed(2)}`;
}
