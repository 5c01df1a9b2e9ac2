import { describe, expect, it } from 'vitest';
import { DEFAULT_PERSONA, type Persona } from '../../scenario/goal-types.ts';
import type { CallerGoal } from '../../scenario/types.ts';
import type { EntityExpectation, EntityType } from '../../scenario/types.ts';
import { matchIntent, parseRulesTable, shippedRules } from './rules-table.ts';
import type { CallerPolicy } from './policy.ts';
import { openingLine, RulesPolicy, SAY_AGAIN, ASK_FOR_PERSON, GIVE_UP } from './rules-policy.ts';

const at = { file: 'x.yaml', line: 1, column: 1 };
const fact = (name: string, type: EntityType, value: string): EntityExpectation => ({
  name,
  type,
  value,
  at,
});

function goalWith(persona: Partial<Persona> = {}, extra: Partial<CallerGoal> = {}): CallerGoal {
  return {
    goal: 'find out when order AB3792 will arrive',
    opening: null,
    facts: [
      fact('order_id', 'code', 'AB3792'),
      fact('name', 'name', 'Dana Lee'),
      fact('phone', 'phone', '4155550134'),
      fact('date_of_birth', 'date', '1985-03-15'),
      fact('zip', 'number', '94110'),
      fact('member_id', 'code', 'M4827193'),
    ],
    persona: { ...DEFAULT_PERSONA, ...persona },
    policy: 'rules',
    maxTurns: 12,
    replyGapMs: 800,
    rulesFile: null,
    hearing: 'auto',
    ...extra,
  };
}

async function policy(
  persona: Partial<Persona> = {},
  extra: Partial<CallerGoal> = {},
): Promise<CallerPolicy> {
  return new RulesPolicy(goalWith(persona, extra), await shippedRules(), 'test');
}

const said = (text: string) => ({ text, source: 'side_channel' as const });
const signal = new AbortController().signal;

describe('the shipped rules table on phrasings the reference agent never uses', () => {
  const cases: [string, string][] = [
    ['Could I get the number on your order?', 'ask_order_number'],
    ["What's the best number to reach you?", 'ask_phone'],
    ['Can you confirm your date of birth for me?', 'ask_date_of_birth'],
    ['And the ZIP code on the account?', 'ask_zip'],
    ['May I have your full name, please?', 'ask_name'],
    ['Which member ID is on your card?', 'ask_member_id'],
    ['What time would work for you?', 'ask_time'],
    ['Which day works best for you?', 'ask_date'],
    ['Sure. What name should I put the appointment under?', 'ask_name'],
    ['Great. So that is 4 1 5, 5 5 5, 0 1 3 4, correct?', 'confirm'],
    ['Did I get that right?', 'confirm'],
    ['Give me one moment while I pull that up.', 'hold_on'],
    ['Sorry, I did not quite catch that.', 'agent_not_understood'],
    ['Is there anything else I can do for you today?', 'anything_else'],
    ['Have a great day!', 'goodbye'],
    ['Hi there, what can I do for you?', 'open_request'],
    ['Are you calling about an order, an appointment, or your benefits?', 'menu_choice'],
  ];
  it.each(cases)('%s → %s', async (sentence, intent) => {
    expect(matchIntent(await shippedRules(), sentence)?.intent).toBe(intent);
  });

  it('tries the last question before earlier sentences', async () => {
    expect(
      matchIntent(
        await shippedRules(),
        'Sorry, I didn\u2019t catch that. What\u2019s your order number?',
      )?.intent,
    ).toBe('ask_order_number');
    expect(matchIntent(await shippedRules(), 'Thanks for calling. Goodbye.')?.intent).toBe(
      'goodbye',
    );
  });
});

describe('RulesPolicy', () => {
  it('answers a question about a fact in the persona style, and records why', async () => {
    const p = await policy();
    const m = await p.decide(said('Could I get the number on your order?'), signal);
    expect(m.say).toBe('A as in apple B as in boy three seven nine two');
    expect(m.reason).toMatchObject({
      policy: 'rules',
      intent: 'ask_order_number',
      fact: 'order_id',
    });
    expect(m.reason.pattern).toContain('order');
    expect((await p.decide(said("What's the best number to reach you?"), signal)).say).toBe(
      'four one five, five five five, zero one three four',
    );
    expect((await p.decide(said('Can you confirm your date of birth for me?'), signal)).say).toBe(
      'march fifteenth nineteen eighty five',
    );
  });

  it('spells codes in NATO and groups digits as told', async () => {
    const p = await policy({ spellsCodes: 'nato', digitGrouping: [], dateStyle: 'day_of_month' });
    expect((await p.decide(said('What is your member ID?'), signal)).say).toBe(
      'mike four eight two seven one nine three',
    );
    expect((await p.decide(said('And your phone?'), signal)).say).toBe(
      'four one five five five five zero one three four',
    );
    expect((await p.decide(said('Your birth date?'), signal)).say).toBe(
      'the fifteenth of march nineteen eighty five',
    );
  });

  it('says yes to a matching read-back and corrects a wrong one', async () => {
    const p = await policy();
    await p.decide(said("What's your order number?"), signal);
    const yes = await p.decide(
      said('I heard A as in apple, B as in boy, 3, 7, 9, 2. Is that right?'),
      signal,
    );
    expect(yes.say).toBe('Yes.');
    expect(yes.reason.note).toBe('read-back matches');
    const no = await p.decide(
      said('I heard A as in apple, B as in boy, 3, 7, 9, 3. Is that right?'),
      signal,
    );
    expect(no.say).toBe("No, it's A as in apple B as in boy three seven nine two.");
    expect(no.reason).toMatchObject({ intent: 'confirm', fact: 'order_id' });
  });

  it('gives a wrong digit first when the persona does, then corrects it at the read-back', async () => {
    const p = await policy({ wrongDigitFirst: true });
    expect((await p.decide(said('And the ZIP code?'), signal)).say).toBe('nine four one one one');
    expect((await p.decide(said('I have 9 4 1 1 1. Is that correct?'), signal)).say).toBe(
      "No, it's nine four one one zero.",
    );
    expect((await p.decide(said('What is your ZIP code?'), signal)).say).toBe(
      'nine four one one zero',
    );
  });

  it('does not take other values the agent names for a wrong read-back', async () => {
    const p = await policy();
    await p.decide(said("What's the phone number you booked with?"), signal);
    const m = await p.decide(
      said(
        'Thanks. I found your appointment on Wednesday, November 11th at 10 AM. Do you want me to cancel it?',
      ),
      signal,
    );
    expect(m.say).toBe('Yes.');
    expect(
      (await p.decide(said('I heard 4 1 5, 5 5 5, 0 1 3 5. Is that right?'), signal)).say,
    ).toBe("No, it's four one five, five five five, zero one three four.");
    await p.decide(said('And the ZIP code on the account?'), signal);
    expect((await p.decide(said("Just to confirm, that's 1 5 9 1 0, correct?"), signal)).say).toBe(
      "No, it's nine four one one zero.",
    );
    await p.decide(said('Can you confirm your date of birth for me?'), signal);
    expect((await p.decide(said('I heard March 16th, 1985. Is that right?'), signal)).say).toBe(
      "No, it's march fifteenth nineteen eighty five.",
    );
  });

  it('uses the keypad when told to press or enter', async () => {
    const p = await policy();
    const m = await p.decide(
      said('Please enter your ZIP code on your keypad, then press pound.'),
      signal,
    );
    expect(m).toMatchObject({ say: null, dtmf: '94110#' });
    expect(
      (await p.decide(said('Please say your ZIP code, or type it on your keypad.'), signal)).dtmf,
    ).toBeNull();
    const dob = await p.decide(
      said('Type your date of birth as 8 digits, then press pound.'),
      signal,
    );
    expect(dob.dtmf).toBe('03151985#');
  });

  it('asks to hear it again twice, then falls back to asking for a person (or hanging up)', async () => {
    const p = await policy();
    expect((await p.decide(said('Blorp the frobnicator.'), signal)).say).toBe(SAY_AGAIN);
    expect((await p.decide(said('Blorp the frobnicator.'), signal)).say).toBe(SAY_AGAIN);
    expect((await p.decide(said('Blorp the frobnicator.'), signal)).say).toBe(ASK_FOR_PERSON);
    const impatient = await policy({ patience: 'low', fallback: 'hangup' });
    await impatient.decide(said('Blorp.'), signal);
    expect(await impatient.decide(said('Blorp.'), signal)).toMatchObject({
      say: GIVE_UP,
      hangup: true,
    });
  });

  it('picks the menu option nearest its goal', async () => {
    const p = await policy({}, { goal: 'book an appointment for Friday at 10 am' });
    expect(
      (
        await p.decide(
          said('Would you like to book, reschedule, or cancel an appointment?'),
          signal,
        )
      ).say,
    ).toBe('book an appointment');
    expect(
      (
        await p.decide(
          said('You can say order status, appointments, or benefits. Or press 1, 2, or 3.'),
          signal,
        )
      ).say,
    ).toBe('appointment');
    const keys = await policy({ keypad: 'prefer' });
    expect(
      (
        await keys.decide(
          said('You can say order status, appointments, or benefits. Or press 1, 2, or 3.'),
          signal,
        )
      ).dtmf,
    ).toBe('1');
  });

  it('opens with its goal without the values the agent should ask for, and ends when nothing else is needed', async () => {
    const p = await policy();
    expect((await p.decide(said('Thanks for calling Acme. How can I help?'), signal)).say).toBe(
      "I'd like to find out when order will arrive",
    );
    expect(openingLine(goalWith({}, { opening: 'I want to check on my order' }))).toBe(
      'I want to check on my order',
    );
    const done = await p.decide(
      said('It arrives Thursday. Is there anything else I can help with?'),
      signal,
    );
    expect(done.goalReached).toBe(true);
    expect(await p.decide(said('Thanks for calling Acme. Goodbye.'), signal)).toMatchObject({
      say: null,
      hangup: true,
    });
  });

  it('repeats its last line when the agent did not understand, and waits when asked to hold', async () => {
    const p = await policy();
    await p.decide(said("What's your order number?"), signal);
    const again = await p.decide(said("Sorry, I didn't catch that."), signal);
    expect(again.say).toBe('A as in apple B as in boy three seven nine two');
    expect(again.reason.note).toBe('repeats its last line');
    expect(await p.decide(said('Please hold while I look that up.'), signal)).toMatchObject({
      say: null,
      hangup: false,
    });
  });
});

describe('rules table files', () => {
  it('reports located errors', () => {
    const { errors } = parseRulesTable(
      "rules:\n  - intent: ask_x\n    patterns: ['(']\n  - intent: shout\n    patterns: ['a']\n",
      '/t/rules.yaml',
    );
    expect(errors.map((e) => `${e.line}:${e.field}`)).toEqual([
      '3:rules[0].patterns[0]',
      '4:rules[1].intent',
    ]);
    expect(errors.some((e) => e.line === 3 && /not a regular expression/.test(e.detail))).toBe(
      true,
    );
    expect(errors.some((e) => e.line === 4 && /unknown intent "shout"/.test(e.detail))).toBe(true);
  });

  it('lets a suite add an intent of its own', async () => {
    const { table } = parseRulesTable(
      "rules:\n  - intent: ask_account\n    facts: [account_number]\n    patterns: ['\\baccount\\b']\n",
      '/t/rules.yaml',
    );
    expect(table).toBeDefined();
    const shipped = await shippedRules();
    const p: CallerPolicy = new RulesPolicy(
      goalWith({}, { facts: [fact('account_number', 'number', '5512')] }),
      { rules: [...table!.rules, ...shipped.rules] },
      's',
    );
    expect(await p.decide(said('What is the account on file?'), signal)).toMatchObject({
      say: 'five five one two',
      reason: { intent: 'ask_account', fact: 'account_number' },
    });
  });
});
