/**
 * Twilio-shaped identifiers: a two-letter prefix and 32 lowercase hex digits (128 bits), e.g.
 * `CA` + 32 hex for calls, `AC` for accounts, `MZ` for media streams. Agents sometimes validate
 * the shape, so the harness's fakes must look real.
 *
 * Without an argument the digits come from the OS CSPRNG. Pass a seeded `() => number` in [0, 1)
 * (e.g. `mulberry32(seed)` from src/audio/prng.ts) for reproducible runs.
 */
import { randomBytes } from 'node:crypto';

export type SidPrefix = 'AC' | 'CA' | 'MZ';

export type RandomSource = () => number;

const HEX = '0123456789abcdef';

/** A SID with the given prefix; `random` makes it deterministic. */
export function newSid(prefix: string, random?: RandomSource): string {
  if (random === undefined) return prefix + randomBytes(16).toString('hex');
  let digits = '';
  for (let i = 0; i < 32; i++) {
    // Clamp so a sloppy source returning exactly 1 still gives a hex digit.
    digits += HEX[Math.min(15, Math.floor(random() * 16))];
  }
  return prefix + digits;
}

export function newAccountSid(random?: RandomSource): string {
  return newSid('AC', random);
}

export function newCallSid(random?: RandomSource): string {
  return newSid('CA', random);
}

export function newStreamSid(random?: RandomSource): string {
  return newSid('MZ', random);
}

// The pattern Twilio's API reference gives for SIDs (e.g. `^AC[0-9a-fA-F]{32}$`); issued SIDs
// use lowercase hex, but the API accepts either case.
const SID_PATTERN = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

/**
 * True when `value` looks like a Twilio SID (with `prefix`, when given). callbench never rejects
 * a message for an odd-looking SID; this is for reporting.
 */
export function isTwilioSid(value: string, prefix?: SidPrefix): boolean {
  return SID_PATTERN.test(value) && (prefix === undefined || value.startsWith(prefix));
}
