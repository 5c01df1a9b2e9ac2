/** Shared checks of the conformance suites. */
import { expect } from 'vitest';
import { ProviderError } from '../errors.ts';

export type Settled<T> =
  | { kind: 'value'; value: IteratorResult<T> }
  | { kind: 'error'; error: unknown }
  | { kind: 'pending' };

/** Waits at most `withinMs` for `next` to settle. */
export async function settleWithin<T>(
  next: Promise<IteratorResult<T>>,
  withinMs: number,
): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<Settled<T>>(
    (resolve) => (timer = setTimeout(() => resolve({ kind: 'pending' }), withinMs)),
  );
  const settled = next.then(
    (value): Settled<T> => ({ kind: 'value', value }),
    (error: unknown): Settled<T> => ({ kind: 'error', error }),
  );
  const result = await Promise.race([settled, pending]);
  clearTimeout(timer);
  return result;
}

/**
 * After an abort a provider's iteration must settle promptly, either by ending or by throwing a
 * ProviderError of kind 'aborted' — never by hanging or by yielding more than what was in flight.
 */
export async function expectStopsAfterAbort<T>(
  iterator: AsyncIterator<T>,
  withinMs: number,
): Promise<void> {
  const deadline = performance.now() + withinMs;
  for (let drained = 0; ; drained++) {
    const result = await settleWithin(iterator.next(), Math.max(1, deadline - performance.now()));
    if (result.kind === 'pending') throw new Error(`still running ${withinMs} ms after abort`);
    if (result.kind === 'error') {
      expect(result.error).toBeInstanceOf(ProviderError);
      expect((result.error as ProviderError).kind).toBe('aborted');
      return;
    }
    if (result.value.done) return;
    // A chunk already in flight when the abort fired is tolerated, a stream of them is not.
    if (drained >= 2) throw new Error('kept yielding after abort');
  }
}

/** The thrown value is a ProviderError that is not an abort (a real failure, classified). */
export function expectFailure(error: unknown): void {
  expect(error).toBeInstanceOf(ProviderError);
  expect((error as ProviderError).kind).not.toBe('aborted');
}
