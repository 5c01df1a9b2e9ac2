/**
 * Checking a read-back heard through a transcript of the agent's audio (caller.hearing): the
 * embedded recognizer hears digits well and spelled letters poorly ("A as in apple" can come out
 * as "best n apple"), so a code's letters cannot be checked. A read-back whose digits contain the
 * value's digits, in order and together, is taken as right; correcting a right read-back the
 * caller misheard would derail a call the agent got right (and a wrong one still fails the
 * scenario's success criteria on the agent's tool calls).
 */
import { spelledCharacters } from '../../expectations/heard-text.ts';
import type { EntityExpectation } from '../../scenario/types.ts';

export function transcriptReadsBack(text: string, fact: EntityExpectation): boolean {
  if (fact.type !== 'code' && fact.type !== 'phone' && fact.type !== 'number') return false;
  const want = fact.value.replace(/\D/g, '');
  if (want.length < 3) return false;
  return spelledCharacters(text).replace(/\D/g, '').includes(want);
}
