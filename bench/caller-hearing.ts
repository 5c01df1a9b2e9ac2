/**
 * What hearing the agent by transcript (caller.hearing: transcript / auto without a side channel)
 * costs: the embedded recognizer in its worker thread, with the goal-driven caller's grammar (the
 * shipped rules table's phrases), on agent sentences synthesized as the reference agent speaks them
 * (flite kal, through mu-law). Prints, per sentence, the wall time to transcribe it, its length,
 * the text heard and the intent the rules table finds; then medians, and the frame thread's share
 * (copying each heard frame into the tap).
 *
 *   node --import tsx bench/caller-hearing.ts
 */
import { performance } from 'node:perf_hooks';
import { FRAME_BYTES } from '../src/audio/constants.ts';
import { mulawEncode } from '../src/audio/mulaw.ts';
import { hearingPhrases, HeardAudioTap } from '../src/caller/converse/heard-transcript.ts';
import { matchIntent, shippedRules } from '../src/caller/converse/rules-table.ts';
import { DEFAULT_PERSONA } from '../src/scenario/goal-types.ts';
import type { CallerGoal } from '../src/scenario/types.ts';
import { FliteTts } from '../src/speech/flite.ts';
import { HeardTranscriber } from '../src/transcribe/transcriber.ts';

const SENTENCES = [
  'Thanks for calling Acme. I can check an order, book or change an appointment, or verify your benefits. How can I help?',
  "What's your order number?",
  'Please say your order number one character at a time, like A as in apple, B as in boy.',
  'I heard A as in apple, B as in boy, 3 7 9 2. Is that right?',
  "What's the best number to reach you?",
  'Can you confirm your date of birth for me?',
  'Is there anything else I can help you with?',
  'Thanks for calling. Goodbye.',
];

const at = { file: 'bench', line: 1, column: 1 };
const goal: CallerGoal = {
  goal: 'check on my order AB3792',
  opening: null,
  persona: { ...DEFAULT_PERSONA },
  policy: 'rules',
  maxTurns: 12,
  replyGapMs: 800,
  rulesFile: null,
  hearing: 'transcript',
  facts: [
    { name: 'order_id', type: 'code', value: 'AB3792', at },
    { name: 'name', type: 'name', value: 'John Smith', at },
  ],
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const table = await shippedRules();
// CALLER_HEARING_PHRASES=none: digits and letters only (what the rules table's words cost on top).
const phrases = process.env.CALLER_HEARING_PHRASES === 'none' ? [] : hearingPhrases(table, goal);
const tts = await FliteTts.create();
const transcriber = new HeardTranscriber();
try {
  const audio = await Promise.all(
    SENTENCES.map(async (text) =>
      mulawEncode(await tts.synthesize(text, { voice: 'kal', rate: 1 })),
    ),
  );
  let t = performance.now();
  await transcriber.transcribe(
    [{ startMs: 0, endMs: 80, mulaw: new Uint8Array(FRAME_BYTES * 4).fill(0xff) }],
    phrases,
  );
  console.log(
    `${phrases.length} phrases; thread start + grammar: ${(performance.now() - t).toFixed(0)} ms`,
  );
  const perSecond: number[] = [];
  for (const [i, mulaw] of audio.entries()) {
    const seconds = mulaw.length / 8000;
    t = performance.now();
    const [heard] = await transcriber.transcribe(
      [{ startMs: 0, endMs: seconds * 1000, mulaw }],
      phrases,
    );
    const ms = performance.now() - t;
    perSecond.push(ms / seconds);
    console.log(
      `${ms.toFixed(0).padStart(6)} ms for ${seconds.toFixed(1)} s  intent=${matchIntent(table, heard.text)?.intent ?? '-'}  "${heard.text}"  (said: ${SENTENCES[i]})`,
    );
  }
  console.log(
    `median: ${median(perSecond).toFixed(0)} ms of recognition per second of agent speech (worker thread)`,
  );
  const tap = new HeardAudioTap();
  const frame = new Uint8Array(FRAME_BYTES).fill(0x55);
  const frames = 50 * 600;
  t = performance.now();
  for (let k = 0; k < frames; k++) tap.push(k, frame);
  console.log(
    `frame thread: ${(((performance.now() - t) / frames) * 1000).toFixed(2)} µs per frame to keep the heard audio (${frames} frames = 10 min of call)`,
  );
} finally {
  await transcriber.close();
  await tts.close();
}
