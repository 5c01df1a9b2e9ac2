/**
 * Picking from a list the agent offers ("you can say order status, appointments, or benefits",
 * "would you like to book, reschedule, or cancel an appointment?", "press 1 for orders, 2 for …"):
 * the option whose words are nearest the caller's goal.
 */
export interface MenuPick {
  /** The option's words, as the caller says them. */
  say: string;
  /** Its key, when the menu numbers its options ("press 2 for appointments"). */
  key: string | null;
}

const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'my',
  'your',
  'to',
  'for',
  'of',
  'on',
  'in',
  'and',
  'or',
  'i',
  'want',
  'would',
  'like',
  'need',
  'please',
  'it',
  'is',
  'that',
  'this',
  'about',
  'with',
  'can',
  'you',
  'say',
  'press',
]);
const LEAD =
  /^.*\b(you can say|please say|say|like to|want to|need to|calling (about|for|to)|is it|is this|to change|change)\b:?\s*/;

function stems(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(' ')
    .filter((w) => w !== '' && !STOP_WORDS.has(w))
    .map((w) => w.slice(0, 5));
}

/** The options a menu sentence lists, in order, each with its key when numbered. */
export function menuOptions(sentence: string): { words: string; key: string | null }[] {
  const numbered = [
    ...sentence.matchAll(
      /\b(?:press|enter|dial)?\s*(\d)\s+(?:for|to)\s+([a-z' ]+?)(?=,|\.|;|\bor\b|\bpress\b|$)/gi,
    ),
  ];
  if (numbered.length >= 2) return numbered.map((m) => ({ words: m[2].trim(), key: m[1] }));
  const body = sentence
    .toLowerCase()
    .replace(/[?.!]+$/, '')
    .split(/\bor press\b|\bor\s+\d/)[0]
    .replace(LEAD, '');
  return body
    .split(/,|\bor\b|:/)
    .map((part) => part.replace(/^\s*(the|to)\s+/, '').trim())
    .filter((part) => part !== '' && /[a-z]/.test(part))
    .map((words) => ({ words, key: null }));
}

/**
 * The option nearest the goal: an option's first word shared with the goal counts most (it names
 * the choice: "book", "cancel an appointment"), its other words a little. Null when none shares a word.
 */
export function pickOption(sentence: string, goalText: string): MenuPick | null {
  const goal = new Set(stems(goalText));
  let best: { say: string; key: string | null; score: number } | null = null;
  for (const option of menuOptions(sentence)) {
    const words = stems(option.words);
    const score = words.reduce((sum, w, i) => sum + (goal.has(w) ? (i === 0 ? 3 : 1) : 0), 0);
    if (score > 0 && (best === null || score > best.score))
      best = { say: option.words, key: option.key, score };
  }
  if (best === null) return null;
  const keys = /\bpress\b[^.]*\d/i.test(sentence) ? keyFor(sentence, best.say) : null;
  return { say: inGoalWords(best.say, goalText), key: best.key ?? keys };
}

/** "You can say order status, appointments, or benefits. Or press 1, 2, or 3.": the key in the same place as the option. */
function keyFor(text: string, option: string): string | null {
  const options = menuOptions(text).map((o) => o.words);
  const index = options.indexOf(option);
  const keys = /\bpress\s+([\d,\sor]+)/i.exec(text)?.[1].match(/\d/g) ?? [];
  return index >= 0 && index < keys.length && keys.length === options.length ? keys[index] : null;
}

/**
 * A one-word option said the way the goal says it ("book" → "book an appointment"): a lone short
 * word is easily lost on a phone line, and it is what a person would say.
 */
function inGoalWords(option: string, goalText: string): string {
  if (option.includes(' ')) return option;
  const words = goalText.trim().split(/\s+/);
  const at = words.findIndex(
    (w) => w.toLowerCase().slice(0, 5) === option.toLowerCase().slice(0, 5),
  );
  if (at < 0) return option;
  const phrase: string[] = [];
  for (const w of words.slice(at, at + 3)) {
    if (phrase.length > 0 && /^(for|on|at|with|by|to|and|from|in)$/i.test(w)) break;
    phrase.push(w.replace(/[,.;:!?]+$/, ''));
  }
  return phrase.join(' ');
}
