import { describe, expect, it } from 'vitest';
import { matchKnownCode } from './known-codes.ts';

const ORDERS = ['AB3792', 'KT4410', 'MP2208'];

describe('matchKnownCode', () => {
  it('keeps a code on file, and any code when nothing is on file', () => {
    expect(matchKnownCode('AB3792', ORDERS)).toBe('AB3792');
    expect(matchKnownCode('AD3792', [])).toBe('AD3792');
  });

  it('takes the one code on file a single confusable character away', () => {
    expect(matchKnownCode('AD3792', ORDERS)).toBe('AB3792'); // B/D
    expect(matchKnownCode('KT4410', ORDERS)).toBe('KT4410');
    expect(matchKnownCode('NP2208', ORDERS)).toBe('MP2208'); // M/N
    expect(matchKnownCode('AB3792'.replace('9', '5'), ORDERS)).toBe('AB3792'); // five/nine
  });

  it('leaves a code that is two characters off, off by a character not easily confused, or near two codes', () => {
    expect(matchKnownCode('AD3797', ORDERS)).toBe('AD3797');
    expect(matchKnownCode('AB3782', ORDERS)).toBe('AB3782'); // 8 for 9: not a telephone confusion
    expect(matchKnownCode('AB3792X', ORDERS)).toBe('AB3792X');
    expect(matchKnownCode('PB1000', ['BB1000', 'DB1000'])).toBe('PB1000');
  });
});
