import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPronunciations } from './dictionary.ts';
import {
  codeGrammar,
  freeGrammar,
  grammarFor,
  phoneGrammar,
  type GrammarContext,
} from './grammars.ts';

const modelDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('soundswallower')),
  'model',
  'en-us',
);
const dictionary = loadPronunciations(path.join(modelDir, 'dict.txt'));

const CONTEXTS: GrammarContext[] = [
  { expectation: 'free' },
  { expectation: 'free', choices: ['book an appointment', "that's all", 'no thanks'] },
  { expectation: 'yes_no' },
  { expectation: 'code' },
  { expectation: 'code', shape: 'LLDDDD' },
  { expectation: 'code', shape: 'LDDDDDDD' },
  { expectation: 'code', shape: 'L+' },
  { expectation: 'phone' },
  { expectation: 'zip' },
  { expectation: 'date' },
  { expectation: 'time' },
  { expectation: 'menu', choices: ['order status', 'appointments', 'benefits'] },
  { expectation: 'name', choices: ['Maria Garcia', 'John Smith'] },
];

describe('grammars', () => {
  it.each(CONTEXTS)('every word of the %o grammar can be pronounced', (context) => {
    const grammar = grammarFor(context);
    const missing = grammar.words.filter((w) => !dictionary.has(w) && !grammar.pronunciations?.[w]);
    expect(missing).toEqual([]);
  });

  it('a code of known shape asks for exactly its letters, then exactly its digits', () => {
    const { jsgf } = codeGrammar({}, 'LLDDDD');
    const answer =
      /<top> = \/1\/ \((?:\[<noise>\] )?\[<lead>\] (.*?) \[<noise>\]\)/.exec(jsgf)?.[1] ?? '';
    expect(answer.split(' ').filter((t) => t === '<letteritem>')).toHaveLength(2);
    expect(answer.split(' ').filter((t) => t === '<digit>')).toHaveLength(4);
    expect(answer).not.toContain('<tens>');
  });

  it('a spelled name ("L+") is letters only: no digits or number words to confuse them with', () => {
    const { jsgf } = codeGrammar({}, 'L+');
    expect(jsgf).toContain('<letters>');
    expect(jsgf).not.toContain('<digit>');
    expect(jsgf).not.toContain('<tens>');
  });

  it('grammars that differ get different keys (decoders skip setting an unchanged key)', () => {
    const keys = CONTEXTS.map((c) => grammarFor(c).key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(codeGrammar({}, 'LLDDDD').key).toBe(
      grammarFor({ expectation: 'code', shape: 'lldddd' }).key,
    );
  });

  it('phone numbers prefer ten single digits and keep the digit loop as a fallback', () => {
    const { jsgf } = phoneGrammar();
    expect(jsgf).toMatch(/<ten> = (<digit> ){9}<digit>;/);
    expect(jsgf).toContain('<digits>');
  });

  it("the open grammar hears the dialog's offered choices as whole phrases", () => {
    expect(freeGrammar({}, ['verify my coverage please']).jsgf).toContain(
      '(verify my coverage please)',
    );
  });
});
