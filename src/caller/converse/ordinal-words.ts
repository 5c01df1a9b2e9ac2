/** 1 → "first", 15 → "fifteenth", 23 → "twenty third", 30 → "thirtieth": days of the month in words. */
const ORDINALS = [
  'zeroth',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
];
const TENS_ORDINAL: Readonly<Record<number, string>> = { 20: 'twentieth', 30: 'thirtieth' };
const TENS: Readonly<Record<number, string>> = { 20: 'twenty', 30: 'thirty' };

export function ordinalWord(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 31)
    throw new RangeError(`ordinalWord handles 1–31, got ${n}`);
  if (n < 20) return ORDINALS[n];
  const tens = n - (n % 10);
  return n % 10 === 0 ? TENS_ORDINAL[tens] : `${TENS[tens]} ${ORDINALS[n % 10]}`;
}
