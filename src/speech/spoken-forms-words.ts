/**
 * Word tables and tokenization shared by the spoken-form parsers. Transcripts come from two very
 * different places: a grammar recognizer (every word spelled out, sometimes all upper case, plus
 * filler tokens for speech outside the grammar) and a cloud recognizer (formatted text: "AB3792",
 * "(415) 555-0134", "Yes."). Tokens keep their raw form because case is a hint for the second.
 */

export interface Token {
  /** As written, punctuation at the edges removed ("AB3792", "That's"). */
  raw: string;
  /** Lower case form used for lookups ("ab3792", "that's"). */
  word: string;
}

/** The word for each digit, by value: how a caller or an agent says 0–9 ("oh" is an alias of zero). */
export const DIGIT_NAMES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
] as const;

/** 10–19 in words, by value − 10. */
export const TEEN_NAMES = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
] as const;

/** The tens in words, by tens digit (none for 0 and 1: "ten" is a teen). */
export const TENS_NAMES = [
  '',
  '',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
] as const;

export const DIGIT_WORDS: Readonly<Record<string, number>> = {
  zero: 0,
  oh: 0,
  o: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};

export const TEEN_WORDS: Readonly<Record<string, number>> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};

export const TENS_WORDS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

export const ORDINAL_WORDS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};

/** ICAO/NATO spelling alphabet, plus common variants recognizers and callers produce. */
export const NATO_WORDS: Readonly<Record<string, string>> = {
  alpha: 'A',
  alfa: 'A',
  bravo: 'B',
  charlie: 'C',
  delta: 'D',
  echo: 'E',
  foxtrot: 'F',
  golf: 'G',
  hotel: 'H',
  india: 'I',
  juliet: 'J',
  juliett: 'J',
  kilo: 'K',
  lima: 'L',
  mike: 'M',
  november: 'N',
  oscar: 'O',
  papa: 'P',
  quebec: 'Q',
  romeo: 'R',
  sierra: 'S',
  tango: 'T',
  uniform: 'U',
  victor: 'V',
  whiskey: 'W',
  whisky: 'W',
  xray: 'X',
  yankee: 'Y',
  zulu: 'Z',
};

/** Letter names as a recognizer may write them ("bee", "double you"); "oh" is deliberately absent: it is zero. */
export const LETTER_NAME_WORDS: Readonly<Record<string, string>> = {
  ay: 'A',
  bee: 'B',
  cee: 'C',
  see: 'C',
  sea: 'C',
  dee: 'D',
  ee: 'E',
  eff: 'F',
  gee: 'G',
  aitch: 'H',
  eye: 'I',
  jay: 'J',
  kay: 'K',
  el: 'L',
  ell: 'L',
  em: 'M',
  en: 'N',
  pee: 'P',
  cue: 'Q',
  queue: 'Q',
  ar: 'R',
  are: 'R',
  ess: 'S',
  tee: 'T',
  tea: 'T',
  you: 'U',
  vee: 'V',
  ex: 'X',
  why: 'Y',
  zee: 'Z',
  zed: 'Z',
};

/**
 * Words that carry no value in an answer ("my order number is …", "um"). Skipped by the entity
 * parsers; also the "known words" that keep an all-caps token from being read as letters.
 */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  'um',
  'uh',
  'er',
  'erm',
  'hmm',
  'mm',
  'ah',
  'so',
  'well',
  'okay',
  'ok',
  'yeah',
  'yes',
  'no',
  'sure',
  'right',
  'please',
  'my',
  'the',
  'its',
  "it's",
  'it',
  'is',
  'was',
  'number',
  'numbers',
  'order',
  'id',
  'code',
  'member',
  'confirmation',
  'account',
  'phone',
  'zip',
  'postal',
  'and',
  'then',
  'that',
  "that's",
  'this',
  'thats',
  'digits',
  'letters',
  'letter',
  'starts',
  'with',
  'ends',
  'of',
  'on',
  'in',
  'at',
  'to',
  'for',
  'me',
  'our',
  'your',
  'you',
  'can',
  'call',
  'reach',
  'best',
  "i'm",
  'im',
  'am',
  'have',
  'got',
  'think',
  'said',
  'say',
  'mean',
  'believe',
  'guess',
  'actually',
  'sorry',
  'oops',
  'wait',
  'let',
  'see',
  'like',
  'just',
  'an',
  'be',
  'should',
  'would',
  'will',
  'there',
  "there's",
  'here',
  'try',
  'again',
  'correction',
  'not',
  'wrong',
  'nope',
  'dash',
  'hyphen',
  'space',
  'point',
  'plus',
  'country',
  'area',
  'cell',
  'home',
  'work',
  'mobile',
  'date',
  'birth',
  'born',
  'day',
  'month',
  'year',
  'as',
  'want',
  'check',
  'status',
  'what',
  'about',
  'where',
  'find',
  'look',
  'up',
  'lookup',
  'card',
  'from',
  'by',
  'ending',
]);

/** Garbage/filler tokens a grammar recognizer emits for speech outside its grammar. */
const GARBAGE_TOKEN = /^(<[^>]*>|\[[^\]]*\]|\+\+[^+]*\+\+|\+\+?garbage\+?\+?)$/i;

/** Plain words a grammar may use for its garbage/filler path (they are never an answer). */
const GARBAGE_WORDS = new Set(['garbage', 'filler', 'unk', 'sil', 'nsn', 'spn']);

export function isGarbageToken(raw: string): boolean {
  return GARBAGE_TOKEN.test(raw) || GARBAGE_WORDS.has(raw.toLowerCase());
}

/**
 * Splits a transcript into tokens: whitespace, commas, hyphens, slashes and brackets separate;
 * apostrophes stay inside words; garbage tokens are dropped. "x-ray" is kept whole (one NATO word).
 */
export function tokenize(text: string): Token[] {
  const cleaned = text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\bx[\s-]?ray\b/gi, 'xray')
    .replace(/\bdouble[\s-]+(u|you)\b/gi, 'doubleu')
    .replace(/\ba\.\s?m\b\.?/gi, 'am')
    .replace(/\bp\.\s?m\b\.?/gi, 'pm');
  const tokens: Token[] = [];
  for (const piece of cleaned.split(/[\s,;()/\\_–—-]+/)) {
    if (piece === '') continue;
    if (isGarbageToken(piece)) continue;
    const raw = piece.replace(/^[.?!:"'`*#$]+|[.?!:"'`*#]+$/g, '');
    if (raw === '' || isGarbageToken(raw)) continue;
    tokens.push({ raw, word: raw.toLowerCase() });
  }
  return tokens;
}

/** The letter a spelling word stands for: NATO, a letter name, or a single letter. */
export function letterOf(word: string): string | null {
  if (word.length === 1 && word >= 'a' && word <= 'z') return word.toUpperCase();
  if (word === 'doubleu') return 'W';
  return NATO_WORDS[word] ?? LETTER_NAME_WORDS[word] ?? null;
}

export function isNumberWord(word: string): boolean {
  return (
    word in DIGIT_WORDS ||
    word in TEEN_WORDS ||
    word in TENS_WORDS ||
    word === 'hundred' ||
    word === 'thousand'
  );
}

export function isDigitString(word: string): boolean {
  return /^\d+$/.test(word);
}

/** "1st", "23rd" → 23; null otherwise. */
export function numericOrdinal(word: string): number | null {
  const match = /^(\d{1,2})(st|nd|rd|th)$/.exec(word);
  return match ? Number(match[1]) : null;
}
