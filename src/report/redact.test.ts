import { describe, expect, it } from 'vitest';
import { entityValues, makeRedactor, MASK, redactCall, redactSummary } from './redact.ts';
import { syntheticCall } from './test-calls.ts';
import { summarizeRun } from '../summary/run-summary.ts';

describe('redaction', () => {
  const redact = makeRedactor(['AB3792', 'Maria Lopez', '1985-03-15']);

  it('masks declared entity values, also spelled with separators, in any case', () => {
    expect(redact('your order AB3792, right?')).toBe(`your order ${MASK}, right?`);
    expect(redact('I have A B 3 7 9 2')).toBe(`I have ${MASK}`);
    expect(redact('that is a-b-3-7-9-2.')).toBe(`that is ${MASK}.`);
    expect(redact('A B three seven nine two')).toBe(MASK);
    expect(redact('booked for maria lopez')).toBe(`booked for ${MASK}`);
  });

  it('masks digit runs of 4 or more, grouped or said as words, and leaves shorter numbers', () => {
    expect(redact('card 4111 1111 1111 1111 ok')).toBe(`card ${MASK} ok`);
    expect(redact('call me at (415) 555-0134')).toBe(`call me at (${MASK}`);
    expect(redact('four one five five five five')).toBe(MASK);
    expect(redact('that is 4 1 5, 5 5 5, 0 1 3 4')).toBe(`that is ${MASK}`);
    expect(redact('turn 3 took 812 ms')).toBe('turn 3 took 812 ms');
    expect(redact('press one or two')).toBe('press one or two');
  });

  it('does not mask a value inside a longer word', () => {
    const names = makeRedactor(['Ann']);
    expect(names('Ann called to announce')).toBe(`${MASK} called to announce`);
  });

  it('redacts a call: entity values, transcript, expectations, reasons and key presses; timings untouched', () => {
    const call = {
      ...syntheticCall({
        callId: 'call-0001',
        status: 'failed',
        reason: 'the agent read back AB3793',
        turns: [{ callerMs: [500, 1500], agentMs: [2100, 3000] }],
        entities: [
          {
            turn: 1,
            name: 'order_id',
            type: 'code',
            expected: 'AB3792',
            captured: 'AB3793',
            exact: false,
            cer: 1 / 6,
            source: 'side_channel',
          },
        ],
        extraEvents: [{ type: 'dtmf_sent', tMs: 1600, turn: 0, digit: '7' }],
      }),
      heard: [
        {
          startMs: 2100,
          endMs: 3000,
          text: 'Order A B 3 7 9 3, is that right?',
          source: 'side_channel' as const,
        },
      ],
      expectations: [
        {
          turn: 1,
          kind: 'says',
          description: 'reads back AB3792',
          passed: false,
          reason: 'heard AB3793 instead',
          source: 'transcript' as const,
          at: { file: 'x.yaml', line: 3, column: 5 },
        },
      ],
    };
    const redacted = redactCall(call, makeRedactor(entityValues([call])));
    expect(redacted.entities?.[0]).toMatchObject({
      expected: MASK,
      captured: MASK,
      exact: false,
      cer: 1 / 6,
    });
    expect(redacted.heard?.[0].text).toBe(`Order ${MASK}, is that right?`);
    expect(redacted.expectations?.[0]).toMatchObject({
      description: `reads back ${MASK}`,
      reason: `heard ${MASK} instead`,
    });
    expect(redacted.reason).toBe(`the agent read back ${MASK}`);
    expect(redacted.events.find((e) => e.type === 'call_ended')).toMatchObject({
      reason: `the agent read back ${MASK}`,
    });
    expect(redacted.events.find((e) => e.type === 'dtmf_sent')).toMatchObject({ digit: '•' });
    expect(redacted.metrics.turns).toEqual(call.metrics.turns);
    expect(call.entities?.[0].expected).toBe('AB3792'); // the original is not changed
    const summary = summarizeRun([call], {
      agentUrl: 'ws://x',
      startedAt: new Date(0),
      finishedAt: new Date(1),
      interrupted: false,
    });
    expect(redactSummary(summary, makeRedactor(['AB3793'])).failures[0].reason).toBe(
      `the agent read back ${MASK}`,
    );
  });

  it('redacts what a goal-driven caller heard and said', () => {
    const call = syntheticCall({
      callId: 'call-0002',
      status: 'passed',
      reason: null,
      turns: [{ callerMs: [500, 1500], agentMs: [2100, 3000] }],
      extraEvents: [
        {
          type: 'caller_line',
          tMs: 400,
          turn: 0,
          heard: 'I heard 4 1 5, 5 5 5, 0 1 3 5. Is that right?',
          heardFrom: 'side_channel',
          say: "No, it's four one five, five five five, zero one three four.",
          dtmf: null,
          hangup: false,
          policy: 'rules',
          intent: 'confirm',
          pattern: 'x',
          fact: 'phone',
          spoken: "No, it's four one five, five five [pause 1.5 s] five, zero one three four.",
          numberPauseMs: 1500,
        },
        {
          type: 'caller_line',
          tMs: 1400,
          turn: 1,
          heard: 'Enter your ZIP',
          heardFrom: 'side_channel',
          say: null,
          dtmf: '94110#',
          hangup: false,
          policy: 'rules',
          intent: 'ask_zip',
          pattern: 'x',
          fact: 'zip',
        },
      ],
    });
    const lines = redactCall(call, makeRedactor([])).events.filter((e) => e.type === 'caller_line');
    expect(lines[0]).toMatchObject({
      heard: `I heard ${MASK}. Is that right?`,
      say: `No, it's ${MASK}.`,
      intent: 'confirm',
      fact: 'phone',
      spoken: `No, it's ${MASK} [pause 1.5 s] ${MASK}.`,
      numberPauseMs: 1500,
    });
    expect(lines[1]).toMatchObject({ dtmf: '••••••' });
  });
});
