import { describe, expect, it } from 'vitest';
import type { EntityExpectation, EntityType } from '../scenario/types.ts';
import { plainWords, readsBack, saysPhrase, spelledCharacters } from './heard-text.ts';

const entity = (type: EntityType, value: string): EntityExpectation => ({
  name: 'x',
  type,
  value,
  at: { file: 'f', line: 1, column: 1 },
});

describe('matching what the agent said', () => {
  it('matches phrases as whole words, ignoring case, punctuation and digit words', () => {
    expect(saysPhrase("What's your order number?", 'order number')).toBe(true);
    expect(saysPhrase('Your order numbers are', 'order number')).toBe(false);
    expect(saysPhrase('press one, two or three', 'press 1')).toBe(true);
    expect(plainWords('Order #37, "nine"!')).toBe('order 37 9');
  });

  it.each([
    ['I heard A as in apple, B as in boy, 3, 7, 9, 2. Is that right?', 'AB3792'],
    ['i heard a as in apple b as in boy three seven nine two', 'AB3792'],
    // A recognizer may mishear the letter; the spelling word after "as in" is what counts.
    ['i thirty as in apple b as in boy three seven nine two', 'AB3792'],
    ['your code is C, 2, 0, 4, 1, 7', 'C20417'],
    // "a" and "i" are words unless they stand among spelled characters.
    ['I have a few questions about 37 items', '37'],
  ])('spells out %j as %s', (text, spelled) => {
    expect(spelledCharacters(text)).toContain(spelled);
  });

  it('does not take the article "a" for a letter', () => {
    expect(spelledCharacters('I have a few questions about 37 items')).toBe('37');
  });

  it.each<[EntityType, string, string, boolean]>([
    ['code', 'AB3792', 'I heard A as in apple, B as in boy, 3, 7, 9, 2. Is that right?', true],
    ['code', 'AB3792', 'I heard A as in apple, B as in boy, 3, 7, 9, 3. Is that right?', false],
    ['code', 'AB3792', 'I heard A as in apple, D as in david, 3, 7, 9, 2.', false],
    ['phone', '(415) 555-0134', 'I heard 4 1 5, 5 5 5, 0 1 3 4. Is that right?', true],
    ['phone', '4155550134', 'I heard four one five, five five five, zero one three four', true],
    ['phone', '4155550134', 'I heard 4 1 5, 5 5 5, 0 1 3. Is that right?', false],
    ['number', '94110', 'I heard 9 4 1 1 0. Is that right?', true],
    ['date', '1985-03-15', 'I heard March 15th, 1985. Is that right?', true],
    ['date', '1985-03-15', 'i heard march fifteenth nineteen eighty five', true], // a transcript's words
    ['date', '1985-03-15', 'i heard march fifteenth nineteen eighty six', false],
    ['code', 'AB3792', 'i heard a as in apple b as in boy three seventy nine two', true], // "seven nine" heard as "seventy nine"
    ['date', '1985-03-15', 'I heard March 16th, 1985.', false],
    ['date', '1985-03-15', 'I heard March 15th, 1986.', false],
    ['amount', '$12.50', 'That comes to $12.50.', true],
    ['amount', '12.5', 'That comes to 12 dollars and 50 cents.', true],
    ['name', 'Maria Garcia', 'Shall I book Maria Garcia for Friday?', true],
    ['name', 'Maria Garcia', 'Shall I book Maria Garza for Friday?', false],
  ])('%s %s read back in %j: %s', (type, value, text, expected) => {
    expect(readsBack(text, entity(type, value))).toBe(expected);
  });
});
