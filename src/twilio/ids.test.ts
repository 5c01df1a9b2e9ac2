import { describe, expect, test } from 'vitest';
import { mulberry32 } from '../audio/prng.ts';
import { isTwilioSid, newAccountSid, newCallSid, newSid, newStreamSid } from './ids.ts';

describe('Twilio-shaped SIDs', () => {
  test('prefix + 32 lowercase hex digits', () => {
    expect(newAccountSid()).toMatch(/^AC[0-9a-f]{32}$/);
    expect(newCallSid()).toMatch(/^CA[0-9a-f]{32}$/);
    expect(newStreamSid()).toMatch(/^MZ[0-9a-f]{32}$/);
  });

  test('random SIDs do not repeat', () => {
    const sids = new Set(Array.from({ length: 1000 }, () => newCallSid()));
    expect(sids.size).toBe(1000);
  });

  test('a seeded source gives the same SIDs every run, and different seeds differ', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = [newAccountSid(a), newCallSid(a), newStreamSid(a)];
    expect([newAccountSid(b), newCallSid(b), newStreamSid(b)]).toEqual(first);
    expect(first[1]).toMatch(/^CA[0-9a-f]{32}$/);
    expect(newCallSid(mulberry32(43))).not.toBe(newCallSid(mulberry32(42)));
  });

  test('seeded digits use the whole hex range, even from a source that returns 1', () => {
    const digits = new Set(
      newSid('XX', mulberry32(1)).slice(2) + newSid('XX', mulberry32(2)).slice(2),
    );
    expect(digits.size).toBeGreaterThan(12);
    expect(newSid('CA', () => 1)).toBe(`CA${'f'.repeat(32)}`);
  });

  test('isTwilioSid', () => {
    expect(isTwilioSid(newStreamSid(), 'MZ')).toBe(true);
    expect(isTwilioSid(newStreamSid(), 'CA')).toBe(false);
    expect(isTwilioSid('MZ123')).toBe(false);
    expect(isTwilioSid(`CA${'A'.repeat(32)}`)).toBe(true); // Twilio's API pattern allows either case
    expect(isTwilioSid(`CA${'g'.repeat(32)}`)).toBe(false);
  });
});
