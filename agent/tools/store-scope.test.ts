import { describe, expect, it } from 'vitest';
import { storeForEachCall } from './store-scope.ts';

const TODAY = '2026-11-10';

function bookFirstOpenSlot(storeFor: ReturnType<typeof storeForEachCall>) {
  const store = storeFor();
  const date = '2026-11-13';
  const slots = store.availability(date);
  if (!slots.open) throw new Error(`no open slots on ${date}`);
  return {
    time: slots.times[0],
    result: store.book({ name: 'Maria Garcia', date, time: slots.times[0], phone: '6505550199' }),
  };
}

describe('storeForEachCall', () => {
  it('shared: a booking made in one call takes the slot for the next', () => {
    const storeFor = storeForEachCall('shared', TODAY);
    const first = bookFirstOpenSlot(storeFor);
    expect(first.result.ok).toBe(true);
    const store = storeFor();
    const again = store.book({
      name: 'Ann Lee',
      date: '2026-11-13',
      time: first.time,
      phone: '4155550134',
    });
    expect(again).toEqual({ ok: false, error: 'slot_taken' });
  });

  it('per-call: every call starts from the seed data', () => {
    const storeFor = storeForEachCall('per-call', TODAY);
    const first = bookFirstOpenSlot(storeFor);
    const second = bookFirstOpenSlot(storeFor);
    expect(first.result.ok).toBe(true);
    expect(second.result.ok).toBe(true);
    expect(second.time).toBe(first.time);
    expect(storeFor()).not.toBe(storeFor());
  });
});
