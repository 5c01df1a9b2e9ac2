/**
 * Matching what the agent said against what a scenario expects, whatever form the text came in:
 * the agent's own reply text ("A as in apple, B as in boy, 3, 7, 9, 2") or a recognizer's
 * transcript of the audio ("a as in apple b as in boy three seven nine two").
 */
import { normalizeEntity } from '../entities/score.ts';
import type { EntityExpectation } from '../scenario/types.ts';
import { formatAmountForSpeech, MONTH_NAMES } from '../speech/spoken-forms.ts';
import { isoParts } from '../speech/spoken-forms-calendar.ts';
import { letterOf } from '../speech/spoken-forms.ts';
import { DIGIT_WORDS, TEEN_WORDS, TENS_WORDS } from '../speech/spoken-forms-words.ts';
import { DAY_ORDINALS } from '../speech/recognizer/vocabulary.ts';

/** Digit words as digits; "o" stays a letter here (a code's O), unlike in spoken-number parsing. */
const digitOf = (word: string): string | undefined =>
  word !== 'o' && word in DIGIT_WORDS ? String(DIGIT_WORDS[word]) : undefined;

/** Lower case, words only, digit words as digits: "Order number: three-seven!" → "order number 3 7". */
export function plainWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9']+/g, ' ')
    .split(' ')
    .filter((w) => w !== '')
    .map((w) => digitOf(w) ?? w)
    .join(' ');
}

/** Whether `text` contains `phrase` as whole words (after plainWords on both). */
export function saysPhrase(text: string, phrase: string): boolean {
  const hay = ` ${plainWords(text)} `;
  const needle = plainWords(phrase);
  return needle !== '' && hay.includes(` ${needle} `);
}

/**
 * The characters a text spells out, in order: digits, single letters, "X as in word" as X,
 * multi-digit numbers digit by digit. "A as in apple, B, 37 nine two" → "AB3792". Other words
 * break nothing (they are skipped), so a code read back inside a sentence is found by inclusion.
 */
export function spelledCharacters(text: string): string {
  const words = plainWords(text).split(' ');
  let out = '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (
      words[i + 1] === 'as' &&
      words[i + 2] === 'in' &&
      words[i + 3] !== undefined &&
      /^[a-z]/.test(words[i + 3])
    ) {
      // "B as in boy": the spelling word is the point of the phrase (and heard more reliably than
      // the letter before it, which a recognizer may take for "thirty"): its first letter counts.
      out += words[i + 3][0].toUpperCase();
      i += 3;
    } else if (/^\d+$/.test(w)) out += w;
    else if (w in TENS_WORDS) {
      // "seventy nine" is 7 9 either way it was meant (a recognizer hears "seven nine" so too).
      const unit = words[i + 1];
      if (unit !== undefined && /^[1-9]$/.test(unit)) {
        out += `${TENS_WORDS[w] / 10}${unit}`;
        i += 1;
      } else out += String(TENS_WORDS[w]);
    } else if (w in TEEN_WORDS) out += String(TEEN_WORDS[w]);
    else if (w.length === 1 && w !== 'a' && w !== 'i') out += w.toUpperCase();
    else if (w === 'a' || w === 'i') {
      // "a" and "i" are words far more often than letters: count them only between spelled characters.
      const prev = words[i - 1] ?? '';
      const next = words[i + 1] ?? '';
      const spelled = (x: string) => /^\d$/.test(x) || (x.length === 1 && x !== 'a' && x !== 'i');
      if (spelled(prev) || spelled(next) || next === 'as') out += w.toUpperCase();
    } else {
      const letter = letterOf(w);
      if (
        letter !== null &&
        /^(ay|bee|see|dee|ee|eff|gee|aitch|jay|kay|el|em|en|pee|cue|ar|ess|tee|you|vee|ex|why|zee|zed)$/.test(
          w,
        )
      )
        out += letter;
    }
  }
  return out;
}

/** Whether `text` reads back the entity's value in some spoken form. */
export function readsBack(text: string, entity: EntityExpectation): boolean {
  const expected = normalizeEntity(entity.type, entity.value);
  switch (entity.type) {
    case 'code':
      return spelledCharacters(text).includes(expected);
    case 'phone':
    case 'number':
      return spelledCharacters(text).replace(/\D/g, '').includes(expected.replace(/\D/g, ''));
    case 'amount': {
      const n = Number(expected);
      const dollars = Math.floor(n);
      const cents = Math.round((n - dollars) * 100);
      const words = ` ${plainWords(text)} `;
      const spoken =
        cents === 0
          ? [`${dollars} dollars`]
          : [
              `${dollars} dollars and ${cents} cents`,
              `${dollars} dollars ${cents} cents`,
              `${dollars} ${cents}`,
            ];
      return (
        text.includes(formatAmountForSpeech(n)) ||
        text.replace(/[,$\s]/g, '').includes(expected) ||
        spoken.some((form) => words.includes(` ${form} `))
      );
    }
    case 'date': {
      const parts = isoParts(expected);
      if (!parts) return plainWords(text).includes(plainWords(entity.value));
      const words = ` ${plainWords(text)} `;
      const month = MONTH_NAMES[parts.month - 1].toLowerCase();
      const dayForms = [
        `${parts.day}`,
        `${parts.day}st`,
        `${parts.day}nd`,
        `${parts.day}rd`,
        `${parts.day}th`,
      ];
      const hasDay =
        dayForms.some((d) => words.includes(` ${month} ${d} `)) ||
        ordinalWordsFollow(words, month, parts.day);
      return (
        hasDay &&
        (words.includes(` ${parts.year} `) ||
          spelledCharacters(text).includes(String(parts.year)) ||
          !/\d{4}/.test(entity.value))
      );
    }
    case 'name':
      return saysPhrase(text, expected);
  }
}

/** "march fifteenth", "march twenty first", "march thirtieth". */
function ordinalWordsFollow(words: string, month: string, day: number): boolean {
  const ordinal = DAY_ORDINALS[day - 1];
  if (ordinal === undefined) return false;
  const form = plainWords(ordinal);
  return words.includes(` ${month} ${form} `) || words.includes(` ${month} the ${form} `);
}
