import { describe, expect, test } from 'vitest';
import { CallToolRunner } from './runner.ts';
import { AcmeStore } from './store.ts';
import { TOOL_DEFINITIONS } from './tools.ts';

// A Tuesday: the seeded appointments are on Wednesday 11th (C20417) and Thursday 12th (C31596).
const TODAY = '2026-11-10';

function setup(options: { capacityPerSlot?: number } = {}): {
  store: AcmeStore;
  runner: CallToolRunner;
} {
  const store = new AcmeStore({ today: TODAY, ...options });
  let now = 0;
  return { store, runner: new CallToolRunner(store, { clock: () => (now += 10) }) };
}

describe('tool definitions', () => {
  test('every definition is an object schema whose required fields are properties', () => {
    const names = TOOL_DEFINITIONS.map((d) => d.name);
    expect(names).toEqual([
      'lookup_order',
      'find_slots',
      'book_appointment',
      'find_appointment',
      'reschedule_appointment',
      'cancel_appointment',
      'verify_member',
      'get_benefits',
      'transfer_to_human',
      'end_call',
    ]);
    for (const d of TOOL_DEFINITIONS) {
      expect(d.parameters.type).toBe('object');
      const properties = d.parameters.properties as Record<string, unknown>;
      for (const r of d.parameters.required as string[])
        expect(Object.keys(properties)).toContain(r);
      expect(d.description.length).toBeGreaterThan(20);
    }
  });
});

describe('orders', () => {
  test('lookup_order returns status, dates relative to today, and items', async () => {
    const { runner } = setup();
    expect(await runner.call('lookup_order', { order_id: 'AB3792' })).toEqual({
      ok: true,
      order_id: 'AB3792',
      status: 'shipped',
      eta: '2026-11-12',
      delivered_on: null,
      carrier: 'UPS',
      placed_on: '2026-11-07',
      items: [
        { name: 'blue ceramic kettle', quantity: 1 },
        { name: 'tea towel', quantity: 2 },
      ],
    });
  });

  test.each([
    ['ab-3792'],
    ['AB 3792'],
    ['a as in apple b three seven nine two'],
    ['A B thirty seven ninety two'],
  ])('an LLM-written order number %j is normalized', async (orderId) => {
    const { runner } = setup();
    expect(await runner.call('lookup_order', { order_id: orderId })).toMatchObject({
      ok: true,
      order_id: 'AB3792',
    });
  });

  test('an unknown order and a malformed one are results, not exceptions', async () => {
    const { runner } = setup();
    expect(await runner.call('lookup_order', { order_id: 'ZZ0000' })).toMatchObject({
      ok: false,
      error: 'not_found',
      order_id: 'ZZ0000',
    });
    expect(await runner.call('lookup_order', { order_id: 'hello' })).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
      argument: 'order_id',
    });
    expect(await runner.call('lookup_order', {})).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
      message: 'order_id is required',
    });
    expect(await runner.call('lookup_order', { order_id: 42 })).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
    });
    expect(await runner.call('lookup_order', { order_id: { id: 'AB3792' } })).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
    });
  });
});

describe('appointments', () => {
  test('find_slots lists open times; seeded bookings are taken', async () => {
    const { runner } = setup();
    expect(await runner.call('find_slots', { date: '2026-11-11' })).toEqual({
      ok: true,
      date: '2026-11-11',
      weekday: 'Wednesday',
      spoken_date: 'Wednesday, November 11th',
      open: true,
      times: ['09:00', '11:00', '13:00', '14:00', '15:00', '16:00'],
    });
    expect(
      await runner.call('find_slots', { date: '2026-11-14', time_preference: 'morning' }),
    ).toMatchObject({ open: true, times: ['09:00', '10:00', '11:00'] });
    expect(
      await runner.call('find_slots', { date: '2026-11-13', time_preference: 'afternoon' }),
    ).toMatchObject({ times: ['13:00', '14:00', '15:00', '16:00'] });
    expect(
      await runner.call('find_slots', { date: 'tomorrow', time_preference: '10:00' }),
    ).toMatchObject({ date: '2026-11-11', requested_time: '10:00', requested_time_open: false });
  });

  test.each([
    ['2026-11-15', 'closed'], // a Sunday
    ['2026-11-09', 'past'],
    ['2027-03-01', 'too_far'],
  ])('find_slots on %s: %s', async (date, reason) => {
    const { runner } = setup();
    expect(await runner.call('find_slots', { date })).toMatchObject({
      open: false,
      reason,
      times: [],
    });
  });

  test('book, find, reschedule and cancel', async () => {
    const { runner, store } = setup();
    const booked = await runner.call('book_appointment', {
      name: 'Maria Garcia',
      date: '2026-11-13',
      time: '3pm',
      phone: '(650) 555-0199',
    });
    expect(booked).toMatchObject({
      ok: true,
      name: 'Maria Garcia',
      date: '2026-11-13',
      time: '15:00',
      phone: '6505550199',
      weekday: 'Friday',
    });
    const code = (booked as { confirmation_code: string }).confirmation_code;
    expect(code).toMatch(/^[A-Z]\d{5}$/);
    expect(store.availability('2026-11-13').times).not.toContain('15:00');

    expect(await runner.call('find_appointment', { phone: '6505550199' })).toMatchObject({
      ok: true,
      appointments: [{ confirmation_code: code }],
    });
    expect(
      await runner.call('reschedule_appointment', {
        phone: '650 555 0199',
        new_date: '2026-11-16',
        new_time: '09:00',
      }),
    ).toMatchObject({
      ok: true,
      confirmation_code: code,
      date: '2026-11-16',
      time: '09:00',
      previous_date: '2026-11-13',
      previous_time: '15:00',
    });
    expect(store.availability('2026-11-13').times).toContain('15:00');
    expect(await runner.call('cancel_appointment', { confirmation_code: code })).toMatchObject({
      ok: true,
      cancelled: true,
      date: '2026-11-16',
    });
    expect(store.availability('2026-11-16').times).toContain('09:00');
    expect(await runner.call('cancel_appointment', { confirmation_code: code })).toMatchObject({
      ok: false,
      error: 'not_found',
    });
    expect(await runner.call('find_appointment', { phone: '6505550199' })).toMatchObject({
      ok: false,
      error: 'not_found',
    });
  });

  test('booking a taken slot fails with the times still open', async () => {
    const { runner } = setup();
    expect(
      await runner.call('book_appointment', {
        name: 'Lisa White',
        date: '2026-11-11',
        time: '10:00',
        phone: '4155550100',
      }),
    ).toMatchObject({
      ok: false,
      error: 'slot_taken',
      available_times: ['09:00', '11:00', '13:00', '14:00', '15:00', '16:00'],
    });
    expect(
      await runner.call('book_appointment', {
        name: 'Lisa White',
        date: '2026-11-11',
        time: '12:00',
        phone: '4155550100',
      }),
    ).toMatchObject({ ok: false, error: 'not_a_slot' });
    expect(
      await runner.call('reschedule_appointment', {
        confirmation_code: 'C31596',
        new_date: '2026-11-11',
        new_time: '10:00',
      }),
    ).toMatchObject({ ok: false, error: 'slot_taken' });
  });

  test('two calls booking the same slot at the same moment: exactly one wins, and both see the booking', async () => {
    const store = new AcmeStore({ today: TODAY });
    const calls = Array.from({ length: 8 }, () => new CallToolRunner(store));
    const results = await Promise.all(
      calls.map((runner, i) =>
        runner.call('book_appointment', {
          name: `Caller ${i}`,
          date: '2026-11-13',
          time: '09:00',
          phone: `41555501${10 + i}`,
        }),
      ),
    );
    expect(results.filter((r) => (r as { ok: boolean }).ok)).toHaveLength(1);
    expect(results.filter((r) => (r as { error?: string }).error === 'slot_taken')).toHaveLength(7);
    for (const runner of calls)
      expect(await runner.call('find_slots', { date: '2026-11-13' })).toMatchObject({
        times: ['10:00', '11:00', '13:00', '14:00', '15:00', '16:00'],
      });
  });

  test('capacityPerSlot lets load tests book one slot many times', async () => {
    const { runner } = setup({ capacityPerSlot: 2 });
    const book = (): Promise<unknown> =>
      runner.call('book_appointment', {
        name: 'A B',
        date: '2026-11-13',
        time: '09:00',
        phone: '4155550101',
      });
    expect(await book()).toMatchObject({ ok: true });
    expect(await book()).toMatchObject({ ok: true });
    expect(await book()).toMatchObject({ ok: false, error: 'slot_taken' });
  });

  test('confirmation codes are deterministic for a seed', async () => {
    const codes = async (): Promise<string[]> => {
      const { runner } = setup();
      const out: string[] = [];
      for (const time of ['09:00', '10:00', '11:00']) {
        const r = (await runner.call('book_appointment', {
          name: 'A B',
          date: '2026-11-13',
          time,
          phone: '4155550101',
        })) as { confirmation_code: string };
        out.push(r.confirmation_code);
      }
      return out;
    };
    const first = await codes();
    expect(new Set(first).size).toBe(3);
    expect(await codes()).toEqual(first);
  });
});

describe('members', () => {
  test('benefits need a verification in the same call', async () => {
    const { store, runner } = setup();
    expect(await runner.call('get_benefits', { member_id: 'M4827193' })).toMatchObject({
      ok: false,
      error: 'not_verified',
    });
    expect(
      await runner.call('verify_member', {
        member_id: 'M4827193',
        date_of_birth: '1985-03-15',
        zip: '94110',
      }),
    ).toEqual({
      ok: true,
      verified: true,
      member_id: 'M4827193',
      name: 'Maria Garcia',
      first_name: 'Maria',
    });
    expect(await runner.call('get_benefits', { member_id: 'M4827193' })).toEqual({
      ok: true,
      member_id: 'M4827193',
      plan: 'Gold PPO',
      plan_type: 'PPO',
      active: true,
      copays_usd: { primary_care: 25, specialist: 50, urgent_care: 75 },
      deductible_usd: 1000,
      deductible_met_usd: 350,
    });
    // Another call on the same store has verified no one.
    const other = new CallToolRunner(store);
    expect(await other.call('get_benefits', { member_id: 'M4827193' })).toMatchObject({
      ok: false,
      error: 'not_verified',
    });
  });

  test.each([
    [{ member_id: 'M4827193', date_of_birth: '1985-03-16', zip: '94110' }],
    [{ member_id: 'M4827193', date_of_birth: '1985-03-15', zip: '94111' }],
    [{ member_id: 'M9999999', date_of_birth: '1985-03-15', zip: '94110' }],
  ])('a mismatch does not say which detail was wrong: %j', async (args) => {
    const { runner } = setup();
    expect(await runner.call('verify_member', args)).toEqual({
      ok: true,
      verified: false,
      message: 'The details do not match our records.',
    });
  });

  test('spoken forms are accepted from a model', async () => {
    const { runner } = setup();
    expect(
      await runner.call('verify_member', {
        member_id: 'm 482 7193',
        date_of_birth: 'March 15, 1985',
        zip: '94110-1234',
      }),
    ).toMatchObject({ verified: true });
  });
});

describe('the runner', () => {
  test('logs every call with arguments, result and time', async () => {
    const { runner } = setup();
    await runner.call('lookup_order', { order_id: 'ZX9051' });
    await runner.call('no_such_tool', { x: 1 });
    await runner.call('transfer_to_human', { reason: 'caller asked for a human' });
    await runner.call('end_call', {});
    expect(runner.log.map((r) => [r.id, r.name, r.atMs])).toEqual([
      ['tool-1', 'lookup_order', 10],
      ['tool-2', 'no_such_tool', 20],
      ['tool-3', 'transfer_to_human', 30],
      ['tool-4', 'end_call', 40],
    ]);
    expect(runner.log[0]).toMatchObject({
      arguments: { order_id: 'ZX9051' },
      result: { ok: true, status: 'delivered', delivered_on: '2026-11-08' },
    });
    expect(runner.log[1].result).toMatchObject({ ok: false, error: 'unknown_tool' });
    expect(runner.log[2].result).toEqual({
      ok: true,
      transferring: true,
      reason: 'caller asked for a human',
    });
    expect(runner.log[3].result).toEqual({ ok: true, ending: true, reason: 'call finished' });
  });

  test('a logged call keeps its arguments even if the caller mutates them later', async () => {
    const { runner } = setup();
    const args = { order_id: 'AB3792' };
    await runner.call('lookup_order', args);
    args.order_id = 'XX0000';
    expect(runner.log[0].arguments).toEqual({ order_id: 'AB3792' });
  });
});
