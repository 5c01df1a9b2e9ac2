/**
 * What a failed fetch() says went wrong: undici rejects with TypeError("fetch failed") and puts
 * the reason (ECONNREFUSED, a DNS failure, a reset) in its cause, which is the useful part.
 */
export function fetchFailureCause(err: unknown): string {
  if (err instanceof Error) return err.cause instanceof Error ? err.cause.message : err.message;
  return String(err);
}
