import { describe, expect, test } from 'vitest';
import { AcmeStore } from '../tools/store.ts';
import { TEST_TODAY, TestCall } from './test-driver.ts';

async function toBookingSummary(call: TestCall): Promise<void> {
  await call.greet();
  await call.say('I need to book an appointment');
  await call.say('Maria Garcia');
  await call.say('friday');
  await call.say('ten a m');
  await call.say('six five oh five five five oh one nine nine');
  await call.say('yes');
}

describe('booking', () => {
  test('happy path: name, day, time, phone read-back, summary, booking', async () => {
    const call = new TestCall();
    await call.greet();
    const name = await call.say('I need to book an appointment');
    expect(name.text).toBe('Sure. What name should I put the appointment under?');
    expect(name.expect?.expectation).toBe('name');
    expect(name.expect?.choices).toContain('Maria Garcia');

    const day = await call.say('Maria Garcia');
    expect(day.text).toBe('What day would you like to come in?');
    expect(day.expect).toEqual({ expectation: 'date' });

    const times = await call.say('friday');
    expect(times.tools.map((t) => [t.name, t.arguments])).toEqual([
      ['find_slots', { date: '2026-11-13' }],
    ]);
    expect(times.text).toBe(
      'On Friday, November 13th, I have 9 AM, 10 AM, or 11 AM. Which time works best?',
    );
    expect(times.expect).toEqual({
      expectation: 'time',
      choices: ['nine a m', 'ten a m', 'eleven a m', 'one p m', 'two p m', 'three p m', 'four p m'],
    });

    const phone = await call.say('ten a m');
    expect(phone.text).toBe("What's the best phone number to reach you?");
    expect(phone.expect).toEqual({ expectation: 'phone' });

    expect((await call.say('six five oh five five five oh one nine nine')).text).toBe(
      'I heard 6 5 0, 5 5 5, 0 1 9 9. Is that right?',
    );
    const summary = await call.say('yes');
    expect(summary.text).toBe(
      'Thanks. Shall I book Maria Garcia for Friday, November 13th at 10 AM?',
    );
    expect(summary.expect).toEqual({ expectation: 'yes_no' });

    const booked = await call.say('yes please');
    expect(booked.tools.map((t) => [t.name, t.arguments])).toEqual([
      [
        'book_appointment',
        { name: 'Maria Garcia', date: '2026-11-13', time: '10:00', phone: '6505550199' },
      ],
    ]);
    const code = (booked.tools[0].result as { confirmation_code: string }).confirmation_code;
    expect(code).toMatch(/^[A-Z]\d{5}$/);
    expect(booked.text).toMatch(
      /^You're all set for Friday, November 13th at 10 AM\. Your confirmation code is [A-Z] as in [a-z-]+, \d, \d, \d, \d, \d\. Is there anything else I can help with\?$/,
    );
    expect(call.store.findAppointments({ confirmationCode: code })).toHaveLength(1);
  });

  test('a day and time in the request are kept; "the afternoon" narrows the offer', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('book an appointment for tomorrow afternoon');
    const times = await call.say('John Smith');
    expect(times.text).toBe(
      'On Wednesday, November 11th, I have 1 PM, 2 PM, or 3 PM. Which time works best?',
    );
    const narrowed = await call.say('something in the morning');
    expect(narrowed.text).toBe('In the morning, I have 9 AM or 11 AM. Which time works best?');
    expect(call.brain.state().failures).toEqual({});
    expect((await call.say('the last one')).text).toBe(
      "What's the best phone number to reach you?",
    );
    expect(call.brain.state().values).toMatchObject({
      name: 'John Smith',
      date: '2026-11-11',
      time: '11:00',
    });
  });

  test('a time that is taken, then a closed day', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('schedule an appointment');
    await call.say('my name is kevin harris');
    const taken = await call.say('tomorrow at ten');
    // 10 AM tomorrow is the seeded C20417.
    expect(taken.text).toBe(
      "Sorry, 10 AM isn't available. On Wednesday, November 11th, I have 9 AM, 11 AM, or 1 PM. Which time works best?",
    );
    const notOpen = await call.say('noon');
    expect(notOpen.text).toBe(
      "Sorry, noon isn't available. Which time works best: 9 AM, 11 AM, or 1 PM?",
    );
    expect(call.brain.state().failures).toEqual({ time: 1 });
  });

  test('a Sunday is closed; a past day has passed', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('book an appointment');
    await call.say('David Lee');
    const sunday = await call.say('sunday');
    expect(sunday.tools.map((t) => t.arguments)).toEqual([{ date: '2026-11-15' }]);
    expect(sunday.text).toBe(
      "We're closed on Sunday, November 15th. Please say a day, like tomorrow, next Tuesday, or March 3rd.",
    );
    const past = await call.say('last monday');
    expect(past.text).toBe(
      'That date has already passed. Please say a day, like tomorrow, next Tuesday, or March 3rd.',
    );
  });

  test('"no" to the summary asks what to change; changing the time re-offers times', async () => {
    const call = new TestCall();
    await toBookingSummary(call);
    const what = await call.say('no');
    expect(what.text).toBe(
      'What would you like to change: the name, the day, the time, or the phone number?',
    );
    expect(what.expect).toEqual({
      expectation: 'menu',
      choices: ['name', 'day', 'date', 'time', 'phone number'],
    });
    const times = await call.say('the time');
    expect(times.text).toBe(
      'On Friday, November 13th, I have 9 AM, 10 AM, or 11 AM. Which time works best?',
    );
    expect((await call.say('eleven')).text).toBe(
      'Shall I book Maria Garcia for Friday, November 13th at 11 AM?',
    );
  });

  test('"no, the day is wrong" goes straight to the day', async () => {
    const call = new TestCall();
    await toBookingSummary(call);
    expect((await call.say('no the day is wrong')).text).toBe(
      'What day would you like to come in?',
    );
    expect(call.brain.state().values).toEqual({ name: 'Maria Garcia', phone: '6505550199' });
  });

  test('keypad phone number after a failed try', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('book an appointment');
    await call.say('Susan Young');
    await call.say('friday');
    await call.say('nine');
    const retry = await call.say('four one five');
    expect(retry.text).toBe(
      "Sorry, I didn't catch that. Please say the 10-digit phone number, or type it on your keypad, then press pound.",
    );
    expect(retry.expect).toEqual({ expectation: 'phone' });
    expect((await call.press('4155550166')).text).toBe(
      'I heard 4 1 5, 5 5 5, 0 1 6 6. Is that right?',
    );
    expect((await call.press('1')).text).toBe(
      'Thanks. Shall I book Susan Young for Friday, November 13th at 9 AM?',
    );
  });

  test('the slot is taken by another call between offer and booking', async () => {
    const store = new AcmeStore({ today: TEST_TODAY });
    const first = new TestCall({ store });
    const second = new TestCall({ store });
    await toBookingSummary(first);
    await toBookingSummary(second);
    expect((await first.say('yes')).tools[0].result).toMatchObject({ ok: true, time: '10:00' });
    const lost = await second.say('yes');
    expect(lost.tools[0].result).toMatchObject({ ok: false, error: 'slot_taken' });
    expect(lost.text).toBe(
      'Sorry, that time was just taken. Which time works best: 9 AM, 11 AM, or 1 PM?',
    );
    expect(lost.expect?.expectation).toBe('time');
    const summary = await second.say('nine');
    expect(summary.text).toBe('Shall I book Maria Garcia for Friday, November 13th at 9 AM?');
    expect((await second.say('yes')).tools[0].result).toMatchObject({ ok: true, time: '09:00' });
  });

  test('a spelled name', async () => {
    const call = new TestCall();
    await call.greet();
    await call.say('book an appointment');
    await call.say('z o e');
    expect(call.brain.state().values.name).toBe('Zoe');
  });
});

describe('rescheduling and cancelling', () => {
  test('reschedule: phone read-back, found appointment, new day and time, confirm', async () => {
    const call = new TestCall();
    await call.greet();
    const ask = await call.say('I need to reschedule my appointment');
    expect(ask.text).toBe("Sure. What's the phone number you booked with?");
    expect(ask.expect).toEqual({ expectation: 'phone' });
    expect((await call.say('four fifteen five five five oh one three four')).text).toBe(
      'I heard 4 1 5, 5 5 5, 0 1 3 4. Is that right?',
    );
    const found = await call.say("that's right");
    expect(found.tools.map((t) => [t.name, t.arguments])).toEqual([
      ['find_appointment', { phone: '4155550134' }],
    ]);
    expect(found.text).toBe(
      'Thanks. I found your appointment on Wednesday, November 11th at 10 AM. What day would you like instead?',
    );
    const times = await call.say('the twenty third of november');
    expect(times.text).toBe(
      'On Monday, November 23rd, I have 9 AM, 10 AM, or 11 AM. Which time works best?',
    );
    const confirm = await call.say('two pm');
    expect(confirm.text).toBe('Shall I move it to Monday, November 23rd at 2 PM?');
    const done = await call.say('yes');
    expect(done.tools.map((t) => [t.name, t.arguments])).toEqual([
      [
        'reschedule_appointment',
        { confirmation_code: 'C20417', new_date: '2026-11-23', new_time: '14:00' },
      ],
    ]);
    expect(done.text).toBe(
      'Done. Your appointment is now on Monday, November 23rd at 2 PM. Is there anything else I can help with?',
    );
    expect(call.store.findAppointments({ confirmationCode: 'C20417' })[0]).toMatchObject({
      date: '2026-11-23',
      time: '14:00',
    });
  });

  test('cancel by keypad, from the appointments menu', async () => {
    const call = new TestCall();
    await call.greet();
    const action = await call.say('appointments');
    expect(action.text).toBe('Would you like to book, reschedule, or cancel an appointment?');
    expect(action.expect).toEqual({
      expectation: 'menu',
      choices: ['book', 'reschedule', 'cancel'],
    });
    await call.press('3');
    expect((await call.press('2125550187')).text).toBe(
      'I heard 2 1 2, 5 5 5, 0 1 8 7. Is that right?',
    );
    const confirm = await call.press('1');
    expect(confirm.text).toBe(
      'Thanks. I found your appointment on Thursday, November 12th at 2 PM. Do you want me to cancel it?',
    );
    const done = await call.say('yes');
    expect(done.tools.map((t) => [t.name, t.arguments])).toEqual([
      ['cancel_appointment', { confirmation_code: 'C31596' }],
    ]);
    expect(done.text).toBe(
      'Your appointment on Thursday, November 12th at 2 PM is cancelled. Is there anything else I can help with?',
    );
    expect(call.store.findAppointments({ phone: '2125550187' })).toEqual([]);
  });

  test('declining a cancellation keeps the appointment', async () => {
    const call = new TestCall();
    await call.greet();
    await call.script(['cancel my appointment', '2125550187', 'yes']);
    const kept = await call.say('no');
    expect(kept.text).toBe(
      "Okay, I've kept your appointment. Is there anything else I can help with?",
    );
    expect(call.toolCalls().map(([name]) => name)).toEqual(['find_appointment']);
  });

  test('no appointment for the number: asked again, with the keypad hint', async () => {
    const call = new TestCall();
    await call.greet();
    await call.script(['cancel my appointment', '9995550000']);
    const retry = await call.say('yes');
    expect(retry.text).toBe(
      "Thanks. I couldn't find an upcoming appointment for that number. Please say the 10-digit phone number, or type it on your keypad, then press pound.",
    );
  });
});
