/** 1 → "first", 15 → "fifteenth", 23 → "twenty third", 30 → "thirtieth": days of the month in words. */
import { DAY_ORDINALS } from '../../speech/recognizer/vocabulary.ts';

export function ordinalWord(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > DAY_ORDINALS.length)
    throw new RangeError(`ordinalWord handles 1–31, got ${n}`);
  return DAY_ORDINALS[n - 1];
}
