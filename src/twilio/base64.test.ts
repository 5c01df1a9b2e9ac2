import { describe, expect, test } from 'vitest';
import { mulberry32 } from '../audio/prng.ts';
import { decodeStrictBase64, describeBase64Problem, isStrictBase64 } from './base64.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const TROUBLE = ['=', '-', '_', ' ', '\n', '\r', '\t', 'é', '\u0000', '.', ':', '%', '\u{1F600}'];

describe('strict base64', () => {
  test('valid: canonical standard-alphabet base64 of any length, including empty', () => {
    for (let n = 0; n < 12; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 0xff);
      const text = Buffer.from(bytes).toString('base64');
      expect(isStrictBase64(text)).toBe(true);
      expect(decodeStrictBase64(text)).toEqual(bytes);
      expect(describeBase64Problem(text)).toBeNull();
    }
  });

  test('invalid: alphabet, padding and length problems', () => {
    for (const text of [
      'QUI',
      'QUJD=',
      'Q===',
      '====',
      'QQ==QUJD',
      'AB=C',
      'QU-D',
      'QU_D',
      'QUJD\n',
      ' QUJD',
      'QUJ\u00e9',
      'data:a,QUJD',
    ]) {
      expect(isStrictBase64(text), JSON.stringify(text)).toBe(false);
      expect(decodeStrictBase64(text), JSON.stringify(text)).toBeNull();
      expect(describeBase64Problem(text), JSON.stringify(text)).toEqual(expect.any(String));
    }
  });

  test('decodeStrictBase64 returns a plain Uint8Array, not a Buffer', () => {
    const decoded = decodeStrictBase64('QUJD');
    expect(decoded).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(decoded)).toBe(false);
  });

  test('fuzz: the fast decoder accepts exactly what the reference pattern accepts (100k mutations)', () => {
    const random = mulberry32(2024);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    let accepted = 0;
    for (let trial = 0; trial < 100_000; trial++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 24) }, () =>
        Math.floor(random() * 256),
      );
      let text = Buffer.from(bytes).toString('base64');
      const edits = Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (text.length + 1));
        const op = random();
        const ch = random() < 0.5 ? pick(TROUBLE) : pick([...ALPHABET]);
        if (op < 0.4) text = text.slice(0, at) + ch + text.slice(at);
        else if (op < 0.7) text = text.slice(0, at) + text.slice(at + 1);
        else text = text.slice(0, at) + ch + text.slice(at + 1);
      }
      const expected = isStrictBase64(text);
      const decoded = decodeStrictBase64(text);
      if ((decoded !== null) !== expected)
        throw new Error(`disagree on ${JSON.stringify(text)}: pattern ${expected}`);
      if (decoded !== null) {
        accepted++;
        expect(decoded).toEqual(new Uint8Array(Buffer.from(text, 'base64')));
      }
    }
    // Both outcomes must be well represented for the comparison to mean anything.
    expect(accepted).toBeGreaterThan(20_000);
    expect(accepted).toBeLessThan(80_000);
  });
});
