/**
 * Joining audio chunks (mu-law bytes or 16-bit samples) into one array.
 */

/** The chunks one after another, in one new array of the same kind. */
export function concatAudio<T extends Uint8Array | Int16Array>(
  parts: readonly T[],
  make: (length: number) => T,
): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
