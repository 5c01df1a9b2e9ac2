/**
 * Synthesized callers through the phone path: flite voices (slt, rms, kal) speak codes, phone
 * numbers, yes/no answers, dates, and sentences that answer nothing; the audio goes through mu-law
 * (as Twilio carries it) and is decoded with the grammar the dialog state would choose.
 */
import { mulberry32 } from '../src/audio/prng.ts';
import { mulawDecode, mulawEncode } from '../src/audio/mulaw.ts';
import { FliteTts } from '../src/speech/flite.ts';
import type { SphinxRecognizer } from '../src/speech/recognizer/engine.ts';
import {
  grammarFor,
  type GrammarOptions,
  type RecognizerExpectation,
} from '../src/speech/recognizer/grammars.ts';
import { decodeAndScore, printSummary, type Outcome } from './stt-score.ts';

export interface FliteCase {
  category: string;
  text: string;
  expectation: RecognizerExpectation;
  expected: string | null;
  shape?: string;
}

const VOICES = ['slt', 'rms', 'kal'] as const;
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ'; // no I/O/Q, as real order IDs avoid them
const SPELLED: Record<string, string> = {
  A: 'apple',
  B: 'boy',
  C: 'cat',
  D: 'dog',
  E: 'echo',
  F: 'frank',
  G: 'george',
  H: 'henry',
  J: 'john',
  K: 'king',
  L: 'lima',
  M: 'mike',
  N: 'nancy',
  P: 'peter',
  R: 'robert',
  S: 'sam',
  T: 'tom',
  U: 'uniform',
  V: 'victor',
  W: 'william',
  X: 'x-ray',
  Y: 'yellow',
  Z: 'zebra',
};

function makeCode(random: () => number, shape: string): string {
  return Array.from(shape, (c) =>
    c === 'L' ? LETTERS[Math.floor(random() * LETTERS.length)] : String(Math.floor(random() * 10)),
  ).join('');
}

/** The benchmark's fixed set of caller utterances (seeded, so every run hears the same). */
export function fliteCases(): FliteCase[] {
  const random = mulberry32(7);
  const cases: FliteCase[] = [];
  const shapes = ['LLDDDD', 'LDDDDD', 'LDDDDDDD'];
  for (let i = 0; i < 9; i++) {
    const shape = shapes[i % shapes.length];
    const code = makeCode(random, shape);
    // Plain ("A B 3 7 9 2") and spelled ("A as in apple, B as in boy, 3 7 9 2") readings.
    const spoken =
      i % 3 === 2
        ? [...code].map((c) => (/[A-Z]/.test(c) ? `${c} as in ${SPELLED[c]},` : c)).join(' ')
        : [...code].join(' ');
    cases.push({
      category: i % 3 === 2 ? 'code-asin' : 'code',
      text: spoken,
      expectation: 'code',
      expected: code,
      shape,
    });
  }
  for (let i = 0; i < 6; i++) {
    const digits = `${2 + Math.floor(random() * 8)}${Array.from({ length: 9 }, () => Math.floor(random() * 10)).join('')}`;
    cases.push({
      category: 'phone',
      text: `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`,
      expectation: 'phone',
      expected: digits,
    });
  }
  cases.push({
    category: 'phone',
    text: '415 555 0134',
    expectation: 'phone',
    expected: '4155550134',
  });
  cases.push({
    category: 'phone',
    text: 'my number is 415 555 0134',
    expectation: 'phone',
    expected: '4155550134',
  });
  for (const [text, expected] of [
    ['yes', 'yes'],
    ['yeah', 'yes'],
    ["yes, that's right", 'yes'],
    ['correct', 'yes'],
    ['no', 'no'],
    ['nope', 'no'],
    ["no, that's wrong", 'no'],
  ] as const) {
    cases.push({ category: 'yes_no', text, expectation: 'yes_no', expected });
  }
  for (const [text, expected] of [
    ['94110', '94110'],
    ['my zip code is 10001', '10001'],
  ] as const)
    cases.push({
      category: 'zip',
      text: text.replace(/\d/g, (d) => `${d} `),
      expectation: 'zip',
      expected,
    });
  for (const [text, expected] of [
    ['March third', '2026-03-03'],
    ['June twenty third', '2026-06-23'],
    ['the fifteenth of July', '2026-07-15'],
    ['tomorrow', '2026-01-02'],
  ] as const) {
    cases.push({ category: 'date', text, expectation: 'date', expected });
  }
  // Speech that answers nothing: must not come out as a code, a number or a yes/no.
  const offTopic = [
    'yes that is correct',
    'I want to check on my order',
    "I don't have it with me",
    'hold on a second',
    'what did you say',
  ];
  for (const text of offTopic) {
    cases.push({ category: 'code-reject', text, expectation: 'code', expected: null });
    cases.push({ category: 'phone-reject', text, expectation: 'phone', expected: null });
  }
  for (const text of [
    'I want to check on my order',
    'what are your opening hours',
    'hold on a second',
  ])
    cases.push({ category: 'yes_no-reject', text, expectation: 'yes_no', expected: null });
  return cases;
}

/** Synthesizes every case in every voice, through mu-law. */
export async function synthesizeCases(
  cases: readonly FliteCase[],
): Promise<{ c: FliteCase; voice: string; samples: Int16Array }[]> {
  const tts = await FliteTts.create();
  try {
    const out: { c: FliteCase; voice: string; samples: Int16Array }[] = [];
    for (const voice of VOICES) {
      for (const c of cases) {
        const pcm = await tts.synthesize(c.text, { voice, rate: 1 });
        out.push({ c, voice, samples: mulawDecode(mulawEncode(pcm)) });
      }
    }
    return out;
  } finally {
    await tts.close();
  }
}

export async function runFliteSection(
  recognizer: SphinxRecognizer,
  grammarOptions: GrammarOptions,
  verbose: boolean,
): Promise<Outcome[]> {
  const audio = await synthesizeCases(fliteCases());
  const session = await recognizer.createSession(
    grammarFor({ expectation: 'free' }, grammarOptions),
  );
  const outcomes: Outcome[] = [];
  for (const { c, voice, samples } of audio) {
    const grammar = grammarFor(
      { expectation: c.expectation, ...(c.shape ? { shape: c.shape } : {}) },
      grammarOptions,
    );
    const outcome = decodeAndScore(
      session,
      grammar,
      {
        id: `${voice}: ${c.text}`,
        category: c.category,
        expectation: c.expectation,
        expected: c.expected,
        samples,
      },
      c.shape ? { shape: c.shape } : {},
    );
    outcomes.push(outcome);
    if (verbose && !outcome.exact)
      console.log(
        `  [${c.category}] ${voice}: "${c.text}" → "${outcome.text}" (${outcome.got} ≠ ${outcome.expected})`,
      );
  }
  session.close();
  printSummary(`flite callers (${VOICES.join(', ')}) through mu-law`, outcomes);
  return outcomes;
}
