/**
 * What every Brain must do, rule-based or LLM: call `describeBrainConformance` from a test file
 * with a factory for the brain under test (the OpenAI brain runs against its fake server).
 */
import { describe, expect, test } from 'vitest';
import type { Brain, BrainOutput, Heard } from '../types.ts';
import { expectFailure, expectStopsAfterAbort, settleWithin } from './settle.ts';

export interface BrainConformanceOptions {
  /** A fresh brain (one call's state) per test. */
  makeBrain: () => Brain | Promise<Brain>;
  /** A brain that cannot work (unreachable model, bad key): it must fail with a ProviderError. */
  makeFailingBrain?: () => Brain | Promise<Brain>;
  turn?: Heard;
  abortSettleMs?: number;
  /** Time allowed for a whole reply. */
  replyWithinMs?: number;
}

async function collect(outputs: AsyncIterable<BrainOutput>): Promise<BrainOutput[]> {
  const all: BrainOutput[] = [];
  for await (const output of outputs) all.push(output);
  return all;
}

function expectWellFormed(outputs: BrainOutput[]): void {
  for (const output of outputs) {
    if (output.type === 'text')
      expect(output.text.trim(), 'text pieces have something to say').not.toBe('');
    if (output.type === 'tool_call') {
      expect(output.call.id).not.toBe('');
      expect(output.call.name).not.toBe('');
      expect(typeof output.call.arguments).toBe('object');
    }
    if (output.type === 'transfer') expect(output.reason).not.toBe('');
  }
  // Nothing may follow an instruction to end the call.
  const end = outputs.findIndex((o) => o.type === 'hangup' || o.type === 'transfer');
  if (end >= 0) expect(end).toBe(outputs.length - 1);
}

export function describeBrainConformance(name: string, options: BrainConformanceOptions): void {
  const turn: Heard = options.turn ?? {
    text: 'Hi, I would like to check on my order.',
    source: 'speech',
  };
  const abortSettleMs = options.abortSettleMs ?? 300;
  const replyWithinMs = options.replyWithinMs ?? 10_000;
  const never = new AbortController().signal;

  describe(`Brain conformance: ${name}`, () => {
    test('greets with something to say', { timeout: replyWithinMs }, async () => {
      const brain = await options.makeBrain();
      const outputs = await collect(brain.greet(never));
      expectWellFormed(outputs);
      expect(outputs.some((o) => o.type === 'text')).toBe(true);
    });

    test('answers a turn with well-formed outputs', { timeout: replyWithinMs }, async () => {
      const brain = await options.makeBrain();
      await collect(brain.greet(never));
      const outputs = await collect(brain.respond(turn, never));
      expect(outputs.length).toBeGreaterThan(0);
      expectWellFormed(outputs);
    });

    test('stops promptly when aborted mid-reply', async () => {
      const brain = await options.makeBrain();
      const controller = new AbortController();
      const iterator = brain.respond(turn, controller.signal)[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done).toBe(false);
      controller.abort();
      await expectStopsAfterAbort(iterator, abortSettleMs);
    });

    test('an already aborted signal produces nothing', async () => {
      const brain = await options.makeBrain();
      const result = await settleWithin(
        brain.respond(turn, AbortSignal.abort())[Symbol.asyncIterator]().next(),
        abortSettleMs,
      );
      expect(result.kind).not.toBe('pending');
      if (result.kind === 'value') expect(result.value.done).toBe(true);
    });

    test('goes on after being interrupted', { timeout: replyWithinMs }, async () => {
      const brain = await options.makeBrain();
      const greeting = await collect(brain.greet(never));
      const firstText = greeting.find((o) => o.type === 'text');
      brain.interrupted(firstText?.type === 'text' ? firstText.text.slice(0, 5) : '');
      const outputs = await collect(brain.respond(turn, never));
      expect(outputs.length).toBeGreaterThan(0);
      expectWellFormed(outputs);
    });

    const makeFailing = options.makeFailingBrain;
    test.skipIf(!makeFailing)(
      'a brain that cannot work fails with a ProviderError',
      { timeout: replyWithinMs },
      async () => {
        if (!makeFailing) return;
        const brain = await makeFailing();
        const error = await collect(brain.respond(turn, never)).then(
          () => undefined,
          (e: unknown) => e,
        );
        expectFailure(error);
      },
    );
  });
}
