import { describe, expect, test } from 'vitest';
import { TestCall } from './test-driver.ts';

const BENEFITS =
  "You're on the Gold PPO plan. A primary care visit is a $25 copay, a specialist is $50, and urgent care is $75. You've met $350 of your $1,000 deductible.";

describe('benefits', () => {
  test('happy path: member ID, date of birth, ZIP (each read back), verification, benefits', async () => {
    const call = new TestCall();
    await call.greet();
    const ask = await call.say('I want to check my benefits');
    expect(ask.text).toBe(
      "To check your benefits, I first need to verify a few details. What's your member ID?",
    );
    expect(ask.expect).toEqual({ expectation: 'code', shape: 'LDDDDDDD' });
    expect((await call.say('m as in mary four eight two seven one nine three')).text).toBe(
      'I heard M as in mary, 4, 8, 2, 7, 1, 9, 3. Is that right?',
    );
    const dob = await call.say('yes');
    expect(dob.text).toBe("Thanks. What's your date of birth?");
    expect(dob.expect).toEqual({ expectation: 'date' });
    expect((await call.say('march fifteenth nineteen eighty five')).text).toBe(
      'I heard March 15th, 1985. Is that right?',
    );
    const zip = await call.say('correct');
    expect(zip.text).toBe("Thanks. And what's your ZIP code?");
    expect(zip.expect).toEqual({ expectation: 'zip' });
    expect((await call.say('nine four one one zero')).text).toBe(
      'I heard 9 4 1 1 0. Is that right?',
    );
    const done = await call.say("that's right");
    expect(done.tools.map((t) => [t.name, t.arguments])).toEqual([
      ['verify_member', { member_id: 'M4827193', date_of_birth: '1985-03-15', zip: '94110' }],
      ['get_benefits', { member_id: 'M4827193' }],
    ]);
    expect(done.text).toBe(
      `Thanks. You're verified, Maria. ${BENEFITS} Is there anything else I can help with?`,
    );

    // Asked again in the same call: no second verification.
    const again = await call.say('what are my benefits again');
    expect(again.tools.map((t) => t.name)).toEqual(['get_benefits']);
    expect(again.text).toBe(`${BENEFITS} Is there anything else I can help with?`);
  });

  test('keypad entry for date of birth and ZIP; menu key 3', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('uh');
    await call.press('3');
    await call.say('M4827193');
    await call.say('yes');
    expect((await call.press('03151985')).text).toBe('I heard March 15th, 1985. Is that right?');
    await call.press('1');
    expect((await call.press('94110')).text).toBe('I heard 9 4 1 1 0. Is that right?');
    expect((await call.press('1')).tools.map((t) => t.name)).toEqual([
      'verify_member',
      'get_benefits',
    ]);
  });

  test('member ID digits alone on the keypad', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('benefits');
    expect((await call.press('4827193')).text).toBe(
      'I heard M as in mary, 4, 8, 2, 7, 1, 9, 3. Is that right?',
    );
  });

  test('a date of birth without the year', async () => {
    const call = new TestCall();
    await call.greet();
    await call.script(['benefits', 'M4827193', 'yes']);
    const reply = await call.say('march fifteenth');
    expect(reply.text).toBe(
      'I also need the year. Please say your date of birth with the year, like March 15th, 1985. Or type it on your keypad as 8 digits, month, day, and year, then press pound.',
    );
  });

  test('details that do not match: start over; the third time, a representative', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('verify my benefits');
    const tryOnce = async (): Promise<Awaited<ReturnType<TestCall['say']>>> => {
      await call.say('m four eight two seven one nine three');
      await call.say('yes');
      await call.say('march sixteenth nineteen eighty five');
      await call.say('yes');
      await call.say('nine four one one zero');
      return call.say('yes');
    };
    const first = await tryOnce();
    expect(first.tools.map((t) => t.name)).toEqual(['verify_member']);
    expect(first.text).toBe(
      "Thanks. I'm sorry, those details don't match our records. Let's try again. What's your member ID?",
    );
    expect(call.brain.state().values).toEqual({});
    await tryOnce();
    const third = await tryOnce();
    expect(third.end).toBe('transfer');
    expect(third.transferReason).toBe('could not verify the member after 3 tries');
    expect(call.toolCalls().filter(([name]) => name === 'get_benefits')).toEqual([]);
  });

  test('an inactive plan', async () => {
    const call = new TestCall();
    await call.greet();
    const done = await call.script([
      'benefits',
      'M7731046',
      'yes',
      'july fourth nineteen seventy eight',
      'yes',
      'six oh six one four',
      'yes',
    ]);
    expect(done.text).toBe(
      "Thanks. You're verified, Sarah. Your Bronze EPO plan is not active right now. A representative can help with your coverage. Is there anything else I can help with?",
    );
  });
});
