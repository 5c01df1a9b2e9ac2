import { describe, expect, test } from 'vitest';
import { describeBrainConformance } from '../providers/conformance/brain-conformance.ts';
import { collect, TestCall } from './test-driver.ts';

describeBrainConformance('rules (DialogBrain)', { makeBrain: () => new TestCall().brain });

describe('greeting and menu', () => {
  test('the greeting listens for intents and commands', async () => {
    const greeting = await new TestCall().greet();
    expect(greeting.outputs[0].type).toBe('expect');
    expect(greeting.expect?.expectation).toBe('free');
    expect(greeting.expect?.choices).toEqual(
      expect.arrayContaining(['order status', 'book an appointment', 'benefits', 'representative']),
    );
  });

  test('an unclear request gets the menu; keys choose from it', async () => {
    const call = new TestCall();
    await call.greet();
    const menu = await call.say('hmm well');
    expect(menu.text).toBe(
      "Sorry, I didn't catch that. You can say order status, appointments, or benefits. Or press 1, 2, or 3.",
    );
    expect(menu.expect).toEqual({
      expectation: 'menu',
      choices: ['order status', 'appointments', 'benefits'],
    });
    expect((await call.press('2')).text).toBe(
      'Would you like to book, reschedule, or cancel an appointment?',
    );
    expect((await call.press('1')).text).toBe(
      'Sure. What name should I put the appointment under?',
    );
  });

  test('three unclear requests: a representative', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('++garbage++');
    await call.say('++garbage++');
    const third = await call.say('banana');
    expect(third.end).toBe('transfer');
    expect(third.transferReason).toBe('could not understand the request after 3 tries');
  });

  test('"main menu" starts over', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('book an appointment');
    const menu = await call.say('main menu');
    expect(menu.text).toBe(
      'You can say order status, appointments, or benefits. Or press 1, 2, or 3.',
    );
    expect(call.brain.state()).toMatchObject({ task: null, values: {} });
  });
});

describe('commands that work anywhere', () => {
  test.each([
    ['at the greeting', [] as string[]],
    ['while collecting a day', ['book an appointment', 'John Smith']],
    ['at a read-back', ['order status', 'a b three seven nine two']],
  ])('"representative" %s transfers', async (_where, before) => {
    const call = new TestCall();
    await call.greet();
    for (const line of before) await call.say(line);
    const reply = await call.say('I want to talk to a representative');
    expect(reply.text).toBe('Sure, let me connect you with a representative. Please hold.');
    expect(reply.end).toBe('transfer');
    expect(reply.tools.map((t) => [t.name, t.arguments])).toEqual([
      ['transfer_to_human', { reason: 'caller asked for a human' }],
    ]);
    expect(reply.outputs.map((o) => o.type)).toEqual(['tool_call', 'text', 'text', 'transfer']);
  });

  test('key 0 transfers', async () => {
    const call = new TestCall();
    await call.greet();
    const reply = await call.press('0');
    expect(reply.transferReason).toBe('caller pressed 0 for a representative');
  });

  test('"goodbye" mid-task ends the call', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('book an appointment');
    const reply = await call.say('actually never mind goodbye');
    expect(reply.text).toBe('Thanks for calling Acme. Goodbye.');
    expect(reply.end).toBe('hangup');
    expect(reply.tools.map((t) => [t.name, t.arguments])).toEqual([
      ['end_call', { reason: 'caller said goodbye' }],
    ]);
  });

  test('at a read-back, "no" is an answer, not a goodbye', async () => {
    const call = new TestCall();
    await call.greet();
    await call.script(['order status', 'a b three seven nine two']);
    const reply = await call.say('no');
    expect(reply.end).toBeNull();
    expect(reply.expect).toEqual({ expectation: 'code', shape: 'LLDDDD' });
  });

  test('"say that again" repeats the last reply with the same grammar', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('order status');
    const readback = await call.say('a b three seven nine two');
    const again = await call.say('sorry, can you say that again?');
    expect(again.text).toBe(readback.text);
    expect(again.expect).toEqual(readback.expect);
    expect(call.brain.state().failures).toEqual({});
    expect((await call.press('*')).text).toBe(readback.text);
  });

  test('after "anything else", yes asks what else and thanks ends', async () => {
    const call = new TestCall();
    await call.greet();
    await call.script(['order status', 'ZX9051']);
    await call.say('yes');
    expect((await call.say('yes')).text).toBe('What else can I help with?');
    expect((await call.say('book an appointment')).text).toBe(
      'Sure. What name should I put the appointment under?',
    );
  });

  test('"that\'s it, thank you" after a task ends the call', async () => {
    const call = new TestCall();
    await call.greet();
    await call.script(['order status', 'ZX9051', 'yes']);
    expect((await call.say("that's it, thank you")).end).toBe('hangup');
  });
});

describe('silence', () => {
  test('re-prompted twice with the open question, then the call ends politely', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('order status');
    const first = await call.silence();
    expect(first.text).toBe("Are you still there? What's your order number?");
    expect(first.expect).toEqual({ expectation: 'code', shape: 'LLDDDD' });
    const second = await call.silence();
    expect(second.text).toBe("Are you still there? What's your order number?");
    const third = await call.silence();
    expect(third.text).toBe(
      "I haven't heard anything, so I'll end the call now. Thanks for calling Acme. Goodbye.",
    );
    expect(third.end).toBe('hangup');
    expect(third.tools.map((t) => [t.name, t.arguments])).toEqual([
      ['end_call', { reason: 'no response from caller' }],
    ]);
    expect(call.brain.state().question).toEqual({ kind: 'ended' });
  });

  test('speaking resets the count', async () => {
    const call = new TestCall();
    await call.greet();
    await call.silence();
    await call.silence();
    await call.say('order status');
    expect((await call.silence()).end).toBeNull();
    expect((await call.silence()).end).toBeNull();
    expect((await call.silence()).end).toBe('hangup');
  });

  test('at a read-back, the read-back is asked again', async () => {
    const call = new TestCall();
    await call.greet();
    await call.script(['order status', 'a b three seven nine two']);
    expect((await call.silence()).text).toBe(
      'Are you still there? I heard A as in apple, B as in boy, 3, 7, 9, 2. Is that right?',
    );
  });

  test('a turn after the end says goodbye without calling a tool again', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('goodbye');
    const late = await call.say('wait');
    expect(late).toMatchObject({
      text: 'Thanks for calling Acme. Goodbye.',
      end: 'hangup',
      tools: [],
    });
  });
});

describe('barge-in', () => {
  test('history keeps only what the caller heard', async () => {
    const call = new TestCall();
    await call.greet();
    call.brain.interrupted('Thanks for calling Acme. I can check');
    await call.say('check my order');
    expect(call.brain.history()).toEqual([
      { speaker: 'agent', text: 'Thanks for calling Acme. I can check', interrupted: true },
      { speaker: 'caller', text: 'check my order', source: 'speech' },
      { speaker: 'agent', text: "Sure. What's your order number?" },
    ]);
  });

  test('an interrupted read-back: the interruption is the answer', async () => {
    const call = new TestCall();
    await call.greet();
    await call.script(['order status', 'a b three seven nine two']);
    call.brain.interrupted('I heard A as in apple, B as');
    const reply = await call.say('yes');
    expect(reply.tools.map((t) => t.arguments)).toEqual([{ order_id: 'AB3792' }]);
  });

  test('an interrupted read-back: a correction is read back', async () => {
    const call = new TestCall();
    await call.greet();
    await call.script(['order status', 'a b three seven nine two']);
    call.brain.interrupted('I heard A as in apple');
    expect((await call.say('no, b as in boy a three seven nine two')).text).toBe(
      'I heard B as in boy, A as in apple, 3, 7, 9, 2. Is that right?',
    );
  });

  test('an interrupted reply and an unclear answer: the reply is said again, no failure counted', async () => {
    const call = new TestCall();
    await call.greet();
    await call.script(['order status', 'a b three seven nine two']);
    call.brain.interrupted('I heard');
    const reply = await call.say('++garbage++');
    expect(reply.text).toBe('I heard A as in apple, B as in boy, 3, 7, 9, 2. Is that right?');
    expect(call.brain.state().failures).toEqual({});
    // Not interrupted this time: now it counts.
    expect((await call.say('++garbage++')).text).toBe(
      'Sorry, please say yes or no. I heard A as in apple, B as in boy, 3, 7, 9, 2. Is that right?',
    );
    expect(call.brain.state().failures).toEqual({ order_id: 1 });
  });
});

describe('abort', () => {
  test('an aborted turn changes nothing', async () => {
    const call = new TestCall();
    await call.greet();
    const outputs = await collect(
      call.brain.respond({ text: 'order status', source: 'speech' }, AbortSignal.abort()),
    );
    expect(outputs).toEqual([]);
    expect(call.brain.state().task).toBeNull();
    expect(call.runner.log).toEqual([]);
  });

  test('turns started together are handled in order', async () => {
    const call = new TestCall();
    await call.greet();
    const signal = new AbortController().signal;
    const [a, b] = await Promise.all([
      collect(call.brain.respond({ text: 'order status', source: 'speech' }, signal)),
      collect(call.brain.respond({ text: 'ZX9051', source: 'speech' }, signal)),
    ]);
    expect(a.some((o) => o.type === 'text' && o.text === "What's your order number?")).toBe(true);
    expect(b.some((o) => o.type === 'text' && o.text.startsWith('I heard Z as in zebra'))).toBe(
      true,
    );
  });
});
