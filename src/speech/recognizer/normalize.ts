/**
 * From a grammar's transcript to the value it names ("a as in apple b three seven nine two" →
 * "AB3792"), and whether that value is a complete answer (which lets the endpointer end the turn
 * after a short pause instead of a long one).
 *
 * The parsing itself is src/speech/spoken-forms.ts, the same code the reference agent and the
 * harness use to read entities, so the recognizer's idea of "complete" matches theirs.
 */
import { choiceWords, type RecognizerExpectation } from './grammars.ts';
import {
  matchesShape,
  parseCode,
  parseDate,
  parseDigits,
  parsePhone,
  parseTime,
  parseYesNo,
  parseZip,
  tokenize,
} from '../spoken-forms.ts';

export interface NormalizeContext {
  /** Menu options or names, for menu and name. */
  choices?: readonly string[];
  /** A code's pattern ("LLDDDD"). */
  shape?: string;
  /** Today as YYYY-MM-DD, for relative dates ("tomorrow"); default: the local date. */
  today?: string;
}

/** A code without a known shape counts as complete at this many characters. */
export const MIN_COMPLETE_CODE_LENGTH = 6;

/**
 * The canonical value of `text` for what was expected, or null when it holds none:
 * yes_no → "yes" | "no"; code → "AB3792"; phone → "4155550134" (or the digits said, if not 10);
 * zip → "94110"; date → "2026-11-24"; time → "15:30"; menu/name → the choice as given; free → the text.
 */
export function normalizeTranscript(
  expectation: RecognizerExpectation,
  text: string,
  context: NormalizeContext = {},
): string | null {
  if (tokenize(text).length === 0) return null;
  switch (expectation) {
    case 'yes_no':
      return parseYesNo(text);
    case 'code':
      return parseCode(text, context.shape ? { shape: context.shape } : {});
    case 'phone':
      return parsePhone(text) ?? parseDigits(text);
    case 'zip':
      return parseZip(text) ?? parseDigits(text);
    case 'date':
      return context.today ? parseDate(text, context.today) : parseDate(text);
    case 'time':
      return parseTime(text);
    case 'menu':
    case 'name':
      return matchChoice(text, context.choices ?? []);
    case 'free':
      return text.trim();
  }
}

/** Does `text` already hold everything that was asked for? */
export function isCompleteAnswer(
  expectation: RecognizerExpectation,
  text: string,
  context: NormalizeContext = {},
): boolean {
  const value = normalizeTranscript(expectation, text, context);
  if (value === null) return false;
  switch (expectation) {
    case 'phone':
      return value.length === 10;
    case 'zip':
      return value.length === 5;
    case 'code':
      return context.shape
        ? matchesShape(value, context.shape.toUpperCase())
        : value.length >= MIN_COMPLETE_CODE_LENGTH;
    case 'free':
      // Open answers have no natural end: the endpointer's own silence decides.
      return false;
    default:
      return true;
  }
}

/** The choice whose words were said (all of them, or the most of them for names), or null. */
function matchChoice(text: string, choices: readonly string[]): string | null {
  const said = new Set(choiceWords(text));
  let best: { choice: string; score: number } | null = null;
  for (const choice of choices) {
    const words = choiceWords(choice);
    if (words.length === 0) continue;
    const hits = words.filter((w) => said.has(w)).length;
    if (hits === 0) continue;
    const score = hits / words.length + (hits === words.length ? 1 : 0);
    if (!best || score > best.score) best = { choice, score };
  }
  return best?.choice ?? null;
}
