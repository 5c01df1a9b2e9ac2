import { describe, expect, test } from 'vitest';
import { SentenceChunker, cleanForSpeech } from './sentence-chunker.ts';

/** Feeds `text` in pieces of `size` characters (cutting words), collecting every chunk. */
function chunkStreamed(text: string, size: number, chunker = new SentenceChunker()): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...chunker.push(text.slice(i, i + size)));
  out.push(...chunker.flush());
  return out;
}

describe('SentenceChunker', () => {
  test('emits each sentence as soon as the space after it arrives', () => {
    const chunker = new SentenceChunker();
    expect(chunker.push('Sure, I can he')).toEqual([]);
    expect(chunker.push('lp with that.')).toEqual([]); // a "." at the end might still become "..." or "3.5"
    expect(chunker.push(' What is')).toEqual(['Sure, I can help with that.']);
    expect(chunker.push(' your code?')).toEqual([]);
    expect(chunker.flush()).toEqual(['What is your code?']);
  });

  test('gives the same chunks whatever the delta sizes', () => {
    const text =
      'Thanks! Your appointment is on May 3rd at 2.30 p.m. with Dr. Smith. Anything else? ';
    const expected = [
      'Thanks!',
      'Your appointment is on May 3rd at 2.30 p.m. with Dr. Smith.',
      'Anything else?',
    ];
    for (const size of [1, 2, 3, 7, 100]) expect(chunkStreamed(text, size)).toEqual(expected);
  });

  test('does not split decimals, thousands, initials or abbreviations', () => {
    expect(
      chunkStreamed('It costs 1,250.75 dollars. J. R. Smith paid it, e.g. yesterday.', 4),
    ).toEqual(['It costs 1,250.75 dollars.', 'J. R. Smith paid it, e.g. yesterday.']);
  });

  test('"no." ends a sentence unless a number follows', () => {
    expect(chunkStreamed('I said no. Then call no. 5 please.', 3)).toEqual([
      'I said no.',
      'Then call no. 5 please.',
    ]);
  });

  test('splits a long sentence at a clause once the clause is long enough', () => {
    const chunker = new SentenceChunker({ minClauseChars: 20 });
    expect(
      chunkStreamed(
        'Yes, and I have looked up your account for you, which shows two orders.',
        5,
        chunker,
      ),
    ).toEqual(['Yes, and I have looked up your account for you,', 'which shows two orders.']);
  });

  test('keeps closing quotes and repeated marks with their sentence', () => {
    expect(chunkStreamed('He said "hello." Really?! Wait... ok', 2)).toEqual([
      'He said "hello."',
      'Really?!',
      'Wait...',
      'ok',
    ]);
  });

  test('treats newlines as boundaries and strips markdown', () => {
    expect(chunkStreamed('Options:\n- **Billing**\n- `Support`\n', 3)).toEqual([
      'Options:',
      'Billing',
      'Support',
    ]);
  });

  test('splits runaway text without punctuation at a space', () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkStreamed(words, 9, new SentenceChunker({ maxChars: 50 }));
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(50);
    expect(chunks.join(' ')).toBe(words);
  });

  test('drops chunks with nothing to say', () => {
    expect(chunkStreamed(' \n . \n', 1)).toEqual([]);
  });
});

describe('cleanForSpeech', () => {
  test('removes emphasis, code ticks and bullets but keeps plain asterisks in words', () => {
    expect(cleanForSpeech('- **Total**: `42` items')).toBe('Total: 42 items');
    expect(cleanForSpeech('press *7 then #')).toBe('press *7 then #');
  });
});
