import { describe, expect, it } from 'vitest';
import { mishearLastDigit, parseFaults } from './faults.ts';

describe('deliberate faults', () => {
  it.each([
    [
      'a as in apple b as in boy three seven nine two',
      'a as in apple b as in boy three seven nine three',
    ],
    ['4155550134', '4155550135'],
    ['nine four one one oh', 'nine four one one one'],
    ['call me at 9', 'call me at 0'],
  ])('mishears the last digit of %j', (text, misheard) => {
    expect(mishearLastDigit(text)).toBe(misheard);
  });

  it('leaves text without digits alone, and does not take digit-like parts of words', () => {
    expect(mishearLastDigit('I want to check on my order')).toBeNull();
    expect(mishearLastDigit('someone often')).toBeNull();
  });

  it('names an unknown fault', () => {
    expect(parseFaults('mishear-digit, ignore-barge-in')).toEqual([
      'mishear-digit',
      'ignore-barge-in',
    ]);
    expect(() => parseFaults('mishear-digit,be-rude')).toThrow(
      'unknown fault "be-rude": known faults are mishear-digit, skip-confirmation, ignore-barge-in, barge-in-on-echo',
    );
  });
});
