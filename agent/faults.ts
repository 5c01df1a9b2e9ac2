/**
 * Deliberate faults, to test the tester: an agent that mishears one digit, skips a read-back, or
 * talks on when the caller cuts in, or takes its own echo for the caller (no echo suppression,
 * agent/echo-guard.ts), must fail exactly the expectations that check those things.
 * Off unless asked for (`callbench agent --fault …`, AGENT_FAULTS); never for real callers.
 */
import { DIGIT_NAMES } from '../src/speech/spoken-forms-words.ts';
/**
 * reorder-questions: asks for a task's values in another order (ZIP before member ID, phone before
 * name); paraphrase: asks in other words. Together they are an LLM agent's run-to-run variation.
 */
export const FAULTS = [
  'mishear-digit',
  'skip-confirmation',
  'ignore-barge-in',
  'barge-in-on-echo',
  'reorder-questions',
  'paraphrase',
] as const;
export type Fault = (typeof FAULTS)[number];

export function isFault(name: string): name is Fault {
  return (FAULTS as readonly string[]).includes(name);
}

/** "a,b" → the faults named; throws naming an unknown one. */
export function parseFaults(list: string): Fault[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const name of names)
    if (!isFault(name))
      throw new Error(`unknown fault "${name}": known faults are ${FAULTS.join(', ')}`);
  return names as Fault[];
}

/**
 * The caller's words with their last digit heard one higher ("… nine two" → "… nine three",
 * "4155550134" → "4155550135"), or null when there is no digit to mishear.
 */
export function mishearLastDigit(text: string): string | null {
  const pattern = new RegExp(`\\d|\\b(${DIGIT_NAMES.join('|')}|oh)\\b`, 'gi');
  let last: RegExpExecArray | null = null;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) last = m;
  if (!last) return null;
  const said = last[0].toLowerCase();
  const value = /\d/.test(said)
    ? Number(said)
    : said === 'oh'
      ? 0
      : (DIGIT_NAMES as readonly string[]).indexOf(said);
  const next = (value + 1) % 10;
  const replacement = /\d/.test(said) ? String(next) : DIGIT_NAMES[next];
  return text.slice(0, last.index) + replacement + text.slice(last.index + last[0].length);
}
