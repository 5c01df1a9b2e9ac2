/**
 * Times of day: "three thirty pm", "3:30 p.m.", "10am", "half past two", "quarter to five",
 * "noon", "fifteen hundred", "ten in the morning" → "HH:MM" (24-hour).
 *
 * Without am/pm the reading is a business-hours one by default: 7–11 are morning, 12 is noon,
 * 1–6 are afternoon ("three" → 15:00). Pass `meridiem: 'none'` to keep the hour as said.
 */
import {
  DIGIT_WORDS,
  ORDINAL_WORDS,
  TEEN_WORDS,
  TENS_WORDS,
  tokenize,
} from './spoken-forms-words.ts';

export interface ParseTimeOptions {
  meridiem?: 'business' | 'none';
}

export type DayPart = 'morning' | 'afternoon' | 'evening';

type Meridiem = 'am' | 'pm' | null;

interface Found {
  hour: number;
  minute: number;
  meridiem: Meridiem;
  /** Something besides a bare number says this is a time (minutes, am/pm, o'clock). */
  marked: boolean;
}

function hourValue(word: string | undefined): number | null {
  if (word === undefined) return null;
  if (/^\d{1,2}$/.test(word)) return Number(word);
  const unit = DIGIT_WORDS[word];
  if (unit !== undefined && word !== 'o' && word !== 'oh' && word !== 'zero') return unit;
  const teen = TEEN_WORDS[word];
  if (teen !== undefined) return teen;
  if (word === 'twenty') return 20;
  return null;
}

/** Minutes after an hour word: "thirty", "forty five", "oh five", "o'clock", "hundred", "15". */
function minutesAt(words: readonly string[], i: number): { minute: number; next: number } | null {
  const w = words[i];
  if (w === undefined) return null;
  if (w === "o'clock" || w === 'oclock' || w === 'hundred') return { minute: 0, next: i + 1 };
  if (/^\d{2}$/.test(w)) return Number(w) < 60 ? { minute: Number(w), next: i + 1 } : null;
  if ((w === 'oh' || w === 'o') && DIGIT_WORDS[words[i + 1] ?? ''] !== undefined)
    return { minute: DIGIT_WORDS[words[i + 1]], next: i + 2 };
  const tens = TENS_WORDS[w];
  if (tens !== undefined && tens < 60) {
    const unit = DIGIT_WORDS[words[i + 1] ?? ''];
    if (unit !== undefined && unit > 0 && words[i + 1] !== 'o' && words[i + 1] !== 'oh')
      return { minute: tens + unit, next: i + 2 };
    return { minute: tens, next: i + 1 };
  }
  const teen = TEEN_WORDS[w];
  if (teen !== undefined && teen >= 10) return { minute: teen, next: i + 1 };
  return null;
}

function meridiemAt(words: readonly string[], i: number): { meridiem: Meridiem; next: number } {
  const w = words[i];
  if (w === 'am') return { meridiem: 'am', next: i + 1 };
  if (w === 'pm') return { meridiem: 'pm', next: i + 1 };
  if (w === 'a' && words[i + 1] === 'm') return { meridiem: 'am', next: i + 2 };
  if (w === 'p' && words[i + 1] === 'm') return { meridiem: 'pm', next: i + 2 };
  const rest = words.slice(i, i + 3).join(' ');
  if (rest.startsWith('in the morning')) return { meridiem: 'am', next: i + 3 };
  if (rest.startsWith('in the afternoon') || rest.startsWith('in the evening'))
    return { meridiem: 'pm', next: i + 3 };
  if (rest.startsWith('at night') || w === 'tonight')
    return { meridiem: 'pm', next: i + (w === 'tonight' ? 1 : 2) };
  return { meridiem: null, next: i };
}

/** Splits "3:30pm", "10am", "15:30" into words the scanner understands. */
function timeWords(text: string): string[] {
  const words: string[] = [];
  for (const { word } of tokenize(text)) {
    const match = /^(\d{1,2})(?::(\d{2}))?(am|pm)?$/.exec(word);
    if (match && (match[2] !== undefined || match[3] !== undefined)) {
      words.push(match[1]);
      if (match[2] !== undefined) words.push(match[2] === '00' ? "o'clock" : match[2]);
      if (match[3] !== undefined) words.push(match[3]);
    } else {
      words.push(word);
    }
  }
  return words;
}

/** "half past two", "quarter to five", "ten past three". */
function relativeMinutes(words: readonly string[], i: number): Found | null {
  const w = words[i];
  let minutes: number | null = null;
  let next = i + 1;
  if (w === 'half') minutes = 30;
  else if (w === 'quarter') minutes = 15;
  else {
    const m =
      minutesAt(words, i) ??
      (hourValue(w) !== null ? { minute: hourValue(w)!, next: i + 1 } : null);
    if (m) {
      minutes = m.minute;
      next = m.next;
    }
  }
  if (minutes === null || minutes === 0) return null;
  if (words[next] === 'minutes') next++;
  const direction = words[next];
  const past = direction === 'past' || direction === 'after';
  const to =
    direction === 'to' ||
    direction === 'till' ||
    direction === 'til' ||
    direction === 'before' ||
    direction === 'of';
  if (!past && !to) return null;
  const hour = hourValue(words[next + 1]);
  if (hour === null || hour < 1 || hour > 12) return null;
  const { meridiem } = meridiemAt(words, next + 2);
  if (past) return { hour, minute: minutes, meridiem, marked: true };
  return { hour: hour === 1 ? 12 : hour - 1, minute: 60 - minutes, meridiem, marked: true };
}

function scan(words: readonly string[]): Found | null {
  let firstBare: Found | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === 'noon' || w === 'midday')
      return { hour: 12, minute: 0, meridiem: 'pm', marked: true };
    if (w === 'midnight') return { hour: 0, minute: 0, meridiem: null, marked: true };
    const relative = relativeMinutes(words, i);
    if (relative) return relative;
    const hour = hourValue(w);
    if (hour === null || hour > 23) continue;
    const minutes = minutesAt(words, i + 1);
    const afterMinutes = minutes ? minutes.next : i + 1;
    const { meridiem } = meridiemAt(words, afterMinutes);
    const found: Found = {
      hour,
      minute: minutes?.minute ?? 0,
      meridiem,
      marked: minutes !== null || meridiem !== null,
    };
    if (found.marked) return found;
    // "the first one", "the second one": a choice, not one o'clock.
    if (!(i > 0 && ORDINAL_WORDS[words[i - 1]] !== undefined)) firstBare ??= found;
  }
  return firstBare;
}

function to24h(found: Found, mode: 'business' | 'none'): string | null {
  let { hour } = found;
  const { minute, meridiem } = found;
  if (minute > 59) return null;
  if (hour > 12) {
    if (meridiem === 'am') return null; // "fifteen a m" is nothing
  } else if (meridiem === 'pm') {
    if (hour < 12) hour += 12;
  } else if (meridiem === 'am') {
    if (hour === 12) hour = 0;
  } else if (mode === 'business' && hour >= 1 && hour <= 6) {
    hour += 12;
  }
  if (hour > 23) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** The time said in `text` as "HH:MM", or null. A sentence with "at" is read after its last "at". */
export function parseTime(text: string, options: ParseTimeOptions = {}): string | null {
  const words = timeWords(text);
  const lastAt = words.lastIndexOf('at');
  const found = (lastAt >= 0 ? scan(words.slice(lastAt + 1)) : null) ?? scan(words);
  return found ? to24h(found, options.meridiem ?? 'business') : null;
}

/** "in the morning", "sometime after lunch", "evening" → the part of the day asked for, or null. */
export function parseDayPart(text: string): DayPart | null {
  const t = ` ${tokenize(text)
    .map((t) => t.word)
    .join(' ')} `;
  if (/ (morning|before noon|before lunch|early) /.test(t)) return 'morning';
  if (/ (afternoon|after lunch|after noon) /.test(t)) return 'afternoon';
  if (/ (evening|night|after work|late) /.test(t)) return 'evening';
  return null;
}
