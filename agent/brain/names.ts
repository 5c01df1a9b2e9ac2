/**
 * A caller's name: one of the known names (the name grammar's choices), a spelled name
 * ("j o h n"), or, from a large-vocabulary recognizer, the words after "my name is".
 */
import { isNumberWord, letterOf, tokenize } from '../../src/speech/spoken-forms.ts';

const LEAD_INS = [
  'my name is',
  'the name is',
  "name's",
  'this is',
  "it's",
  'it is',
  "i'm",
  'i am',
  'call me',
  'put it under',
  'under the name',
  'under',
  'for',
  'yes',
  'yeah',
  'sure',
  'um',
  'uh',
  'okay',
  'ok',
  'so',
  'please',
  'thanks',
  'thank you',
];

/** Words that are never part of a name. */
const NOT_NAMES = new Set([
  'appointment',
  'appointments',
  'book',
  'booking',
  'order',
  'phone',
  'number',
  'name',
  'my',
  'is',
  'the',
  'a',
  'an',
  'please',
  'thanks',
  'thank',
  'you',
  'and',
  'no',
  'not',
  'yes',
  'want',
  'to',
  'would',
  'like',
  'i',
  'it',
  'that',
  'what',
  "don't",
  'know',
  'sorry',
]);

function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** The name said in `text`, title-cased ("John Smith"), or null. */
export function parseName(text: string, knownNames: readonly string[]): string | null {
  let words = tokenize(text).map((t) => t.word);
  // Drop lead-ins repeatedly ("yes it's … my name is …").
  for (let changed = true; changed;) {
    changed = false;
    for (const lead of LEAD_INS) {
      const parts = lead.split(' ');
      if (parts.every((p, k) => words[k] === p)) {
        words = words.slice(parts.length);
        changed = true;
      }
    }
  }
  if (words.length === 0) return null;
  const joined = ` ${words.join(' ')} `;
  for (const known of knownNames) if (joined.includes(` ${known.toLowerCase()} `)) return known;
  // A spelled name: single letters (or spelling words) in a row.
  if (words.length >= 2 && words.every((w) => w.length === 1 || letterOf(w) !== null)) {
    const letters = words.map((w) => letterOf(w) ?? '').join('');
    return letters.length >= 2 ? titleCase(letters) : null;
  }
  const nameWords = words.filter(
    (w) => /^[a-z][a-z'-]+$/.test(w) && !NOT_NAMES.has(w) && !isNumberWord(w),
  );
  if (nameWords.length === 0 || nameWords.length > 3 || nameWords.length < words.length - 1)
    return null;
  const firstNames = new Map(
    knownNames.map((n) => [n.split(' ')[0].toLowerCase(), n.split(' ')[0]]),
  );
  if (nameWords.length === 1 && firstNames.has(nameWords[0])) return firstNames.get(nameWords[0])!;
  return nameWords.map(titleCase).join(' ');
}
