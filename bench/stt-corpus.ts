/**
 * Real speech for the recognizer benchmarks, read from /work/shared/data (never copied into the
 * repository): AN4 utterances sorted by what a phone agent would have asked for, each with the
 * canonical value its transcript names, and FSDD single digits.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readWavAs8kMono } from '../src/audio/wav.ts';
import type { RecognizerExpectation } from '../src/speech/recognizer/grammars.ts';
import { normalizeTranscript } from '../src/speech/recognizer/normalize.ts';
import { DIGIT_WORDS } from '../src/speech/recognizer/vocabulary.ts';
import { an4Parts, fsddPart, type Part } from './stt-split.ts';
import { DIGIT_NAMES } from '../src/speech/spoken-forms-words.ts';

export const DATA_DIR = process.env.CALLBENCH_DATA_DIR ?? '/work/shared/data';
export const AN4_DIR = path.join(DATA_DIR, 'an4');
export const FSDD_DIR = path.join(DATA_DIR, 'fsdd');

export interface LabeledUtterance {
  id: string;
  /** What the speaker said (lower case words). */
  transcript: string;
  /** The dialog state whose grammar fits. */
  expectation: RecognizerExpectation;
  /** The bench's category (finer than the expectation). */
  category: string;
  /** The canonical value of the transcript; null = nothing should be recognized (out-of-grammar). */
  expected: string | null;
  /** Train (may be tuned and adapted on) or held-out (only measured): see stt-split.ts. */
  part: Part;
  samples: Int16Array;
}

/** AN4's data-entry commands: not part of any answer (out-of-grammar speech around the answer). */
const AN4_COMMANDS = new Set([
  'enter',
  'erase',
  'rubout',
  'repeat',
  'stop',
  'go',
  'help',
  'start',
  'area',
  'code',
  'apostrophe',
]);
const DIGITS: ReadonlySet<string> = new Set(DIGIT_WORDS);
const NUMBERS =
  /^(ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|and)$/;
const MONTHS =
  /^(january|february|march|april|may|june|july|august|september|october|november|december)$/;

/** Sorts one AN4 transcript into a category, or null when no grammar fits it. */
export function categorizeAn4(
  transcript: string,
): { category: string; expectation: RecognizerExpectation; expected: string | null } | null {
  const words = transcript
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 1 && (words[0] === 'yes' || words[0] === 'no'))
    return { category: 'yes_no', expectation: 'yes_no', expected: words[0] };
  // A lone command under the yes/no grammar must yield neither answer.
  if (words.length === 1 && AN4_COMMANDS.has(words[0]))
    return { category: 'yes_no-reject', expectation: 'yes_no', expected: null };
  if (words.some((w) => MONTHS.test(w))) {
    const expected = normalizeTranscript('date', words.join(' '), { today: '2026-01-01' });
    return expected ? { category: 'date', expectation: 'date', expected } : null;
  }
  const content = words.filter((w) => !AN4_COMMANDS.has(w));
  if (content.length === 0) return null;
  const hadCommands = content.length < words.length;
  const letters = content.filter((w) => /^[a-z]$/.test(w)).length;
  const digits = content.filter((w) => DIGITS.has(w)).length;
  const numbers = content.filter((w) => NUMBERS.test(w)).length;
  if (letters + digits + numbers !== content.length) return null;
  const text = content.join(' ');
  if (letters === 0 && numbers === 0 && !hadCommands) {
    if (digits === 5)
      return { category: 'zip', expectation: 'zip', expected: normalizeTranscript('zip', text) };
    if (digits >= 7)
      return {
        category: 'phone',
        expectation: 'phone',
        expected: normalizeTranscript('phone', text),
      };
  }
  if (letters === 0) {
    // Digits and number words ("fifty one fifty six", "enter nine one six"): a digit string.
    const expected = normalizeTranscript('phone', text);
    return expected
      ? { category: hadCommands ? 'digits+cmd' : 'digits', expectation: 'phone', expected }
      : null;
  }
  const expected = normalizeTranscript('code', text);
  if (!expected) return null;
  if (digits + numbers === 0)
    return { category: hadCommands ? 'spelled+cmd' : 'spelled', expectation: 'code', expected };
  return { category: hadCommands ? 'code+cmd' : 'code', expectation: 'code', expected };
}

/**
 * What the dialog knows when it asks: the pattern of the codes it issues (an order ID is LLDDDD),
 * and that a name it asks to have spelled is letters only ("L+", of unknown length).
 */
export function dialogShape(u: LabeledUtterance): string | undefined {
  if (u.expectation !== 'code' || !u.expected) return undefined;
  if (u.category.startsWith('spelled')) return 'L+';
  return u.expected.replace(/[A-Z]/g, 'L').replace(/[0-9]/g, 'D');
}

export function hasAn4(): boolean {
  return existsSync(path.join(AN4_DIR, 'transcripts.tsv'));
}

export function hasFsdd(): boolean {
  return existsSync(FSDD_DIR);
}

/** Every AN4 transcript line as [id, text] (upper case words), in file order. */
export function readAn4Transcripts(): [string, string][] {
  const lines = readFileSync(path.join(AN4_DIR, 'transcripts.tsv'), 'utf8').split('\n').slice(1);
  const out: [string, string][] = [];
  for (const line of lines) {
    const [id, text] = line.split('\t');
    if (id && text) out.push([id, text]);
  }
  return out;
}

/** AN4 utterances with a category, in file order; `every` keeps one in every n of each category (per part). */
export function loadAn4(
  options: { every?: number; categories?: readonly string[]; parts?: readonly Part[] } = {},
): LabeledUtterance[] {
  const every = options.every ?? 1;
  const transcripts = readAn4Transcripts();
  const partOf = an4Parts(transcripts.map(([id]) => id));
  const seen = new Map<string, number>();
  const out: LabeledUtterance[] = [];
  for (const [id, text] of transcripts) {
    const label = categorizeAn4(text);
    if (!label) continue;
    if (options.categories && !options.categories.includes(label.category)) continue;
    const part = partOf(id);
    if (options.parts && !options.parts.includes(part)) continue;
    const key = `${part}/${label.category}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n % every !== 0) continue;
    const file = path.join(AN4_DIR, `${id}.wav`);
    const { samples } = readWavAs8kMono(readFileSync(file), file);
    out.push({ id, transcript: text.toLowerCase(), ...label, part, samples });
  }
  return out;
}

/** FSDD recordings ("3_theo_7.wav" is "three"), one in every n. */
export function loadFsdd(
  options: { every?: number; parts?: readonly Part[] } = {},
): LabeledUtterance[] {
  const every = options.every ?? 1;
  const files = readdirSync(FSDD_DIR)
    .filter((f) => f.endsWith('.wav'))
    .sort();
  const out: LabeledUtterance[] = [];
  files.forEach((f, i) => {
    if (i % every !== 0) return;
    const id = f.replace(/\.wav$/, '');
    const part = fsddPart(id);
    if (options.parts && !options.parts.includes(part)) return;
    const digit = Number(f[0]);
    const file = path.join(FSDD_DIR, f);
    const { samples } = readWavAs8kMono(readFileSync(file), file);
    out.push({
      id,
      transcript: DIGIT_NAMES[digit],
      expectation: 'phone',
      category: 'fsdd-digit',
      expected: String(digit),
      part,
      samples,
    });
  });
  return out;
}

/** Levenshtein distance between two strings (character error counts). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur.push(
        Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)),
      );
    prev = cur;
  }
  return prev[b.length];
}
