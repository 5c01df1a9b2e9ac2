/**
 * Yes/no answers and money amounts.
 */
import { cardinalGroups } from './spoken-forms-numbers.ts';
import { isNumberWord, tokenize } from './spoken-forms-words.ts';

/** Checked first: a denial anywhere decides ("that's not right", "no it's B as in boy"). */
const NO_PHRASES = [
  'not right',
  'not correct',
  "isn't right",
  "isn't correct",
  'is not',
  "that's wrong",
  'that is wrong',
  'wrong',
  'incorrect',
  'nope',
  'nah',
  'negative',
  'not quite',
  'not really',
  "don't",
  'do not',
  'no way',
  'not it',
  "that's not",
];

const YES_PHRASES = [
  'yes',
  'yeah',
  'yep',
  'yup',
  'yea',
  'ya',
  'correct',
  'right',
  "that's it",
  'that is it',
  'sure',
  'affirmative',
  'absolutely',
  'uh huh',
  'mhm',
  'okay',
  'ok',
  'sounds good',
  'go ahead',
  'please do',
  'exactly',
  'perfect',
  'true',
  'definitely',
  'of course',
  'it is',
  'you got it',
  'confirmed',
  'confirm',
  'alright',
  'all right',
  'yes please',
  'do it',
  'book it',
  'that works',
];

/** Neither answer, though they contain "no"/"sure". */
const UNSURE_PHRASES = [
  "don't know",
  'do not know',
  'not sure',
  'no idea',
  "can't remember",
  'no clue',
  'maybe',
];

function containsPhrase(text: string, phrase: string): boolean {
  return text.includes(` ${phrase} `);
}

/** 'yes', 'no', or null when the answer is neither (or could not be understood). */
export function parseYesNo(text: string): 'yes' | 'no' | null {
  const words = tokenize(text).map((t) => t.word);
  if (words.length === 0) return null;
  const padded = ` ${words.join(' ')} `;
  if (UNSURE_PHRASES.some((p) => containsPhrase(padded, p))) return null;
  if (words[0] === 'no') return 'no';
  if (NO_PHRASES.some((p) => containsPhrase(padded, p))) return 'no';
  if (YES_PHRASES.some((p) => containsPhrase(padded, p))) return 'yes';
  if (containsPhrase(padded, 'no')) return 'no';
  return null;
}

const DOLLAR_WORDS = new Set(['dollar', 'dollars', 'buck', 'bucks']);
const CENT_WORDS = new Set(['cent', 'cents']);

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * A money amount: "$12.50", "12.50", "twelve dollars and fifty cents", "twelve fifty",
 * "a dollar fifty", "fifty cents", "$1,234" → a number of dollars (12.5), or null.
 */
export function parseAmount(text: string): number | null {
  const written =
    /\$\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?|\b(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})\b/.exec(
      text,
    );
  if (written) {
    const whole = (written[1] ?? written[3]).replace(/,/g, '');
    const cents = written[2] ?? written[4];
    return round2(Number(whole) + (cents === undefined ? 0 : Number(cents.padEnd(2, '0')) / 100));
  }
  const words = tokenize(text).map((t) => t.word.replace(/,/g, ''));
  // Number words before a dollar word are dollars, before a cent word cents; a lone pair of
  // numbers ("twelve fifty", "a dollar fifty") is dollars and cents.
  let dollars: number | null = null;
  let cents: number | null = null;
  let run: string[] = [];
  const loose: number[] = [];
  const takeRun = (): number[] => {
    const groups = cardinalGroups(run);
    run = [];
    return groups;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (
      isNumberWord(w) ||
      /^\d+$/.test(w) ||
      (w === 'a' && (DOLLAR_WORDS.has(words[i + 1] ?? '') || isNumberWord(words[i + 1] ?? ''))) ||
      (w === 'and' && run.length > 0)
    ) {
      run.push(w === 'a' ? 'one' : w);
    } else if (DOLLAR_WORDS.has(w)) {
      const groups = takeRun();
      dollars = (dollars ?? 0) + (groups.length > 0 ? groups[groups.length - 1] : 0);
      loose.push(...groups.slice(0, -1));
    } else if (CENT_WORDS.has(w)) {
      const groups = takeRun();
      cents = groups.length > 0 ? groups[groups.length - 1] : 0;
    } else if (run.length > 0) {
      loose.push(...takeRun());
    }
  }
  const trailing = takeRun();
  if (dollars !== null) {
    const extraCents = cents ?? (trailing.length > 0 && trailing[0] < 100 ? trailing[0] : 0);
    return round2(dollars + extraCents / 100);
  }
  if (cents !== null) return round2(cents / 100);
  const numbers = [...loose, ...trailing];
  if (numbers.length === 0) return null;
  if (numbers.length >= 2 && numbers[1] < 100) return round2(numbers[0] + numbers[1] / 100);
  return numbers[0];
}
