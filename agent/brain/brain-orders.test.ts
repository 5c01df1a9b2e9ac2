import { describe, expect, test } from 'vitest';
import { AcmeStore } from '../tools/store.ts';
import { TEST_TODAY, TestCall } from './test-driver.ts';

describe('order status', () => {
  test('happy path: intent, spelled order number, read-back, status, goodbye', async () => {
    const call = new TestCall();
    const greeting = await call.greet();
    expect(greeting.text).toBe(
      'Thanks for calling Acme. I can check an order, book or change an appointment, or verify your benefits. How can I help?',
    );
    expect(greeting.expect?.expectation).toBe('free');
    expect(greeting.texts).toHaveLength(3);

    const ask = await call.say('I want to check on my order');
    expect(ask.text).toBe("Sure. What's your order number?");
    expect(ask.expect).toEqual({ expectation: 'code', shape: 'LLDDDD' });

    const readback = await call.say('a as in apple b three seven nine two');
    expect(readback.text).toBe('I heard A as in apple, B as in boy, 3, 7, 9, 2. Is that right?');
    expect(readback.expect).toEqual({
      expectation: 'yes_no',
      correction: { expectation: 'code', shape: 'LLDDDD' },
    });
    expect(readback.tools).toEqual([]);

    const status = await call.say('yes');
    expect(status.tools.map((t) => [t.name, t.arguments])).toEqual([
      ['lookup_order', { order_id: 'AB3792' }],
    ]);
    expect(status.text).toBe(
      'Thanks. Your order shipped with UPS and should arrive Thursday, November 12th. It has a blue ceramic kettle and 2 tea towels. Is there anything else I can help with?',
    );
    expect(status.expect?.expectation).toBe('free');
    expect(call.brain.state()).toMatchObject({ task: null, question: { kind: 'anything_else' } });

    const bye = await call.say('no thanks');
    expect(bye.text).toBe('Thanks for calling Acme. Goodbye.');
    expect(bye.end).toBe('hangup');
    expect(bye.tools.map((t) => [t.name, t.arguments])).toEqual([
      ['end_call', { reason: 'caller has nothing else' }],
    ]);
    expect(call.toolCalls()).toEqual([
      ['lookup_order', { order_id: 'AB3792' }],
      ['end_call', { reason: 'caller has nothing else' }],
    ]);
  });

  test('cloud-style formatted text works the same', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('Hi, where is my package?');
    expect((await call.say('It’s AB-3792.')).text).toContain(
      'I heard A as in apple, B as in boy, 3, 7, 9, 2.',
    );
    expect((await call.say('Yes.')).tools[0].arguments).toEqual({ order_id: 'AB3792' });
  });

  test('a code heard one confusable letter off an order on file is read back as that order (the store knows its codes)', async () => {
    const store = new AcmeStore({ today: TEST_TODAY });
    const call = new TestCall({ store, brain: { knownCodes: store.knownCodes() } });
    await call.greet();
    await call.say('order status');
    expect((await call.say('a as in apple d three seven nine two')).text).toBe(
      'I heard A as in apple, B as in boy, 3, 7, 9, 2. Is that right?',
    );
    // Without the store's codes, what was heard is read back.
    const plain = new TestCall();
    await plain.greet();
    await plain.say('order status');
    expect((await plain.say('a as in apple d three seven nine two')).text).toBe(
      'I heard A as in apple, D as in david, 3, 7, 9, 2. Is that right?',
    );
  });

  test('an order number in the first sentence is read back at once', async () => {
    const call = new TestCall();
    await call.greet();
    const reply = await call.say("I'm calling about order ZX9051");
    expect(reply.text).toBe(
      'Sure. I heard Z as in zebra, X as in x-ray, 9, 0, 5, 1. Is that right?',
    );
    const status = await call.say('correct');
    expect(status.text).toBe(
      'Thanks. Your order was delivered on Sunday, November 8th. It has a pair of running shoes. Is there anything else I can help with?',
    );
  });

  test.each([
    [
      'no, it is b as in boy a three seven nine two',
      'I heard B as in boy, A as in apple, 3, 7, 9, 2. Is that right?',
    ],
    [
      "no it's h d zero eight four seven",
      'I heard H as in henry, D as in david, 0, 8, 4, 7. Is that right?',
    ],
  ])('inline correction %j is read back', async (correction, readback) => {
    const call = new TestCall();
    await call.greet();
    await call.say('order status');
    await call.say('a b three seven nine two');
    const reply = await call.say(correction);
    expect(reply.text).toBe(readback);
    expect(call.brain.state().failures).toEqual({ order_id: 1 });
  });

  test('"yes" with a different code is a correction, not a confirmation', async () => {
    const call = new TestCall();
    await call.greet();
    await call.script(['order status', 'a b three seven nine two']);
    const reply = await call.say("yes it's h d oh eight four seven");
    expect(reply.text).toBe('I heard H as in henry, D as in david, 0, 8, 4, 7. Is that right?');
    expect(reply.tools).toEqual([]);
    // Repeating the value read back confirms it.
    expect((await call.say('h d oh eight four seven')).tools.map((t) => t.arguments)).toEqual([
      { order_id: 'HD0847' },
    ]);
  });

  test('a plain "no" asks again with the spelling hint', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('order status');
    await call.say('a b three seven nine two');
    const reply = await call.say('no');
    expect(reply.text).toBe(
      'Sorry about that. Please say your order number one character at a time, like A as in apple, B as in boy.',
    );
    expect(reply.expect).toEqual({ expectation: 'code', shape: 'LLDDDD' });
    expect((await call.say('h d oh eight four seven')).text).toBe(
      'I heard H as in henry, D as in david, 0, 8, 4, 7. Is that right?',
    );
    expect((await call.say('yes')).text).toContain('Your order shipped with FedEx');
  });

  test('not understood, then not found, then not understood: transferred on the third failure', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('check my order');
    const first = await call.say('++garbage++');
    expect(first.text).toBe(
      "Sorry, I didn't catch that. Please say your order number one character at a time, like A as in apple, B as in boy.",
    );
    await call.say('q q one two three four');
    const notFound = await call.say('yes');
    expect(notFound.tools.map((t) => t.name)).toEqual(['lookup_order']);
    expect(notFound.text).toBe(
      "Thanks. I couldn't find an order with that number. Please say your order number one character at a time, like A as in apple, B as in boy.",
    );
    const third = await call.say('um');
    expect(third.end).toBe('transfer');
    expect(third.transferReason).toBe('could not get the order number after 3 tries');
    expect(third.text).toBe(
      "I'm sorry, I'm having trouble with that. Let me connect you with a representative. Please hold.",
    );
    expect(third.tools.map((t) => [t.name, t.arguments])).toEqual([
      ['transfer_to_human', { reason: 'could not get the order number after 3 tries' }],
    ]);
    expect(third.outputs[third.outputs.length - 1]).toEqual({
      type: 'transfer',
      reason: 'could not get the order number after 3 tries',
    });
  });

  test('keys cannot type letters: the caller is asked to say it', async () => {
    const call = new TestCall();
    await call.greet();
    await call.press('1');
    const reply = await call.press('3792');
    expect(reply.text).toBe(
      'Order numbers have letters, so please say it instead. Please say your order number one character at a time, like A as in apple, B as in boy.',
    );
  });

  test('the caller can switch to another task mid-way', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('order status');
    const reply = await call.say('actually I want to book an appointment');
    expect(reply.text).toBe('Sure. What name should I put the appointment under?');
    expect(reply.expect?.expectation).toBe('name');
  });
});
