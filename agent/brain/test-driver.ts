/**
 * Drives a DialogBrain through a call in tests: turns in, one summary per reply out (what was
 * said, listened for, which tools ran, how it ended). Also checks the output order contract on
 * every reply: tool calls, then `expect`, then text, then hangup/transfer.
 */
import { expect } from 'vitest';
import type { BrainOutput, Heard, SttContext, ToolCallRecord } from '../providers/types.ts';
import { CallToolRunner } from '../tools/runner.ts';
import { AcmeStore } from '../tools/store.ts';
import { DialogBrain, type DialogBrainOptions } from './dialog-brain.ts';

/** A Tuesday. Seeded appointments: C20417 (4155550134) Wed Nov 11 10 AM, C31596 Thu Nov 12 2 PM. */
export const TEST_TODAY = '2026-11-10';

export interface ReplySummary {
  outputs: BrainOutput[];
  texts: string[];
  /** All text pieces joined with spaces. */
  text: string;
  expect: SttContext | null;
  tools: ToolCallRecord[];
  end: 'hangup' | 'transfer' | null;
  transferReason?: string;
}

const ORDER: Record<BrainOutput['type'], number> = {
  tool_call: 0,
  expect: 1,
  text: 2,
  hangup: 3,
  transfer: 3,
};

export function summarize(outputs: BrainOutput[]): ReplySummary {
  const ranks = outputs.map((o) => ORDER[o.type]);
  expect(ranks, 'outputs come as tool calls, expect, text, then the ending').toEqual(
    [...ranks].sort((a, b) => a - b),
  );
  const texts = outputs.flatMap((o) => (o.type === 'text' ? [o.text] : []));
  const ending = outputs.find((o) => o.type === 'hangup' || o.type === 'transfer');
  const expectOutput = outputs.find((o) => o.type === 'expect');
  if (!ending)
    expect(
      expectOutput,
      'a reply that does not end the call says what to listen for',
    ).toBeDefined();
  return {
    outputs,
    texts,
    text: texts.join(' '),
    expect: expectOutput?.type === 'expect' ? expectOutput.context : null,
    tools: outputs.flatMap((o) => (o.type === 'tool_call' ? [o.call] : [])),
    end: ending ? (ending.type as 'hangup' | 'transfer') : null,
    ...(ending?.type === 'transfer' ? { transferReason: ending.reason } : {}),
  };
}

export async function collect(outputs: AsyncIterable<BrainOutput>): Promise<BrainOutput[]> {
  const all: BrainOutput[] = [];
  for await (const output of outputs) all.push(output);
  return all;
}

export class TestCall {
  readonly store: AcmeStore;
  readonly runner: CallToolRunner;
  readonly brain: DialogBrain;
  private readonly signal = new AbortController().signal;

  constructor(options: { store?: AcmeStore; brain?: Partial<DialogBrainOptions> } = {}) {
    this.store = options.store ?? new AcmeStore({ today: TEST_TODAY });
    this.runner = new CallToolRunner(this.store);
    this.brain = new DialogBrain({
      tools: this.runner,
      today: TEST_TODAY,
      clock: () => 0,
      ...options.brain,
    });
  }

  async greet(): Promise<ReplySummary> {
    return summarize(await collect(this.brain.greet(this.signal)));
  }

  async turn(heard: Heard): Promise<ReplySummary> {
    return summarize(await collect(this.brain.respond(heard, this.signal)));
  }

  say(text: string): Promise<ReplySummary> {
    return this.turn({ text, source: 'speech' });
  }

  press(digits: string): Promise<ReplySummary> {
    return this.turn({ text: digits, source: 'dtmf' });
  }

  silence(): Promise<ReplySummary> {
    return this.turn({ text: '', source: 'silence_timeout' });
  }

  /** Says each line in order; returns the last reply. */
  async script(lines: string[]): Promise<ReplySummary> {
    let last: ReplySummary | undefined;
    for (const line of lines) last = await this.say(line);
    if (!last) throw new Error('script needs at least one line');
    return last;
  }

  /** Tool calls made so far, as [name, arguments]. */
  toolCalls(): [string, Record<string, unknown>][] {
    return this.runner.log.map((r) => [r.name, r.arguments]);
  }
}
