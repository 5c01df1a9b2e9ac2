/** Bounded helpers for reading async iterables in tests: never wait forever. */

/** Reads items until `done(item)` is true (inclusive), the iterable ends, or `timeoutMs` passes. */
export async function readUntil<T>(
  iterator: AsyncIterator<T>,
  done: (item: T) => boolean,
  timeoutMs = 5000,
): Promise<{ items: T[]; ended: boolean; timedOut: boolean }> {
  const items: T[] = [];
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) return { items, ended: false, timedOut: true };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), remaining)),
    );
    const next = await Promise.race([iterator.next(), timeout]);
    clearTimeout(timer);
    if (next === 'timeout') return { items, ended: false, timedOut: true };
    if (next.done) return { items, ended: true, timedOut: false };
    items.push(next.value);
    if (done(next.value)) return { items, ended: false, timedOut: false };
  }
}

/** Reads everything until the iterable ends (or `timeoutMs`). */
export async function readAll<T>(
  iterable: AsyncIterable<T>,
  timeoutMs = 5000,
): Promise<{ items: T[]; ended: boolean; timedOut: boolean }> {
  return readUntil(iterable[Symbol.asyncIterator](), () => false, timeoutMs);
}
