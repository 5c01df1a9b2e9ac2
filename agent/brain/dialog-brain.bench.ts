/**
 * How long the rule-based brain takes per reply (it sits in every turn's latency).
 * Run: npx vitest bench agent/brain --run
 */
import { bench, describe } from 'vitest';
import { parseCode, parseDate, parsePhone } from '../../src/speech/spoken-forms.ts';
import type { BrainOutput, Heard } from '../providers/types.ts';
import { CallToolRunner } from '../tools/runner.ts';
import { AcmeStore } from '../tools/store.ts';
import { DialogBrain } from './dialog-brain.ts';

const TODAY = '2026-11-10';
const store = new AcmeStore({ today: TODAY, capacityPerSlot: 1_000_000 });
const signal = new AbortController().signal;

async function drain(outputs: AsyncIterable<BrainOutput>): Promise<void> {
  for await (const _ of outputs);
}

async function call(turns: Heard[]): Promise<void> {
  const brain = new DialogBrain({ tools: new CallToolRunner(store), today: TODAY });
  await drain(brain.greet(signal));
  for (const turn of turns) await drain(brain.respond(turn, signal));
}

const speech = (text: string): Heard => ({ text, source: 'speech' });

describe('dialog brain', () => {
  bench('order-status call (greeting + 4 turns)', async () => {
    await call([
      speech('check my order'),
      speech('a as in apple b three seven nine two'),
      speech('yes'),
      speech('no thanks'),
    ]);
  });

  bench('booking call (greeting + 8 turns)', async () => {
    await call([
      speech('book an appointment'),
      speech('John Smith'),
      speech('friday'),
      speech('ten a m'),
      speech('four one five five five five oh one three four'),
      speech('yes'),
      speech('yes'),
      speech('goodbye'),
    ]);
  });
});

describe('spoken forms', () => {
  bench('parseCode', () => {
    parseCode('a as in apple b three seven nine two', { shape: 'LLDDDD' });
  });
  bench('parsePhone', () => {
    parsePhone('four fifteen five five five oh one three four');
  });
  bench('parseDate', () => {
    parseDate('the twenty third of november', TODAY);
  });
});
