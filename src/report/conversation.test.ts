/** A goal-driven call's conversation as reported: each caller line with its reason, and how its style changed it. */
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../metrics/events.ts';
import { conversationLines } from './conversation.ts';
import { conversationTable } from './html/conversation-table.ts';

const line = (over: Partial<Extract<CallEvent, { type: 'caller_line' }>>): CallEvent => ({
  type: 'caller_line',
  tMs: 1000,
  turn: 1,
  heard: "What's your order number?",
  heardFrom: 'side_channel',
  say: 'A as in apple B as in boy three seven nine two',
  dtmf: null,
  hangup: false,
  policy: 'rules',
  intent: 'ask_order_number',
  pattern: 'order number',
  fact: 'order_id',
  ...over,
});

describe('conversation lines', () => {
  const events = [
    line({
      spoken: 'A as in apple B as in boy three seven [pause 1.5 s] nine two',
      numberPauseMs: 1500,
    }),
    line({ tMs: 5000, turn: 2, heard: 'Is that right?', say: 'Yes.', intent: 'confirm' }),
  ];

  it('carry the style applied to a line (calls.jsonl), and none for a line said as decided', () => {
    const lines = conversationLines(events);
    expect(lines[0]).toMatchObject({
      turn: 2,
      caller: 'A as in apple B as in boy three seven nine two',
      reason: { intent: 'ask_order_number', fact: 'order_id' },
      style: {
        number_pause_ms: 1500,
        spoken: 'A as in apple B as in boy three seven [pause 1.5 s] nine two',
      },
    });
    expect(lines[1].style).toBeUndefined();
  });

  it('show in the timeline the line as spoken, with the pause where it fell', () => {
    const html = conversationTable(events);
    expect(html).toContain('<td>A as in apple B as in boy three seven [pause 1.5 s] nine two</td>');
    expect(html).toContain('<td>Yes.</td>');
  });
});
