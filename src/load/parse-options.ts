/**
 * Parsers for `callbench load` flags. Each throws an Error whose message names the flag and the
 * form it expects; the CLI turns that into a usage error (exit code 2).
 */
import type { Shard } from '../engine/executors/shard.ts';
import type { Stage } from '../engine/executors/plan.ts';
import { resolveVoice } from '../speech/voices.ts';

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;

/** `90s`, `2m`, `1m30s`, `500ms`, `1h` → milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const trimmed = text.trim();
  let total = 0;
  let consumed = '';
  for (const m of trimmed.matchAll(DURATION_PART)) {
    const n = Number(m[1]);
    total +=
      n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const)[m[2] as 'ms' | 's' | 'm' | 'h'];
    consumed += m[0];
  }
  if (trimmed === '' || consumed !== trimmed)
    throw new Error(`${flag} "${text}": expected a duration such as 30s, 2m, 1m30s or 500ms`);
  return Math.round(total);
}

/** `5/s`, `300/m`, `2/h`, or a bare number (per second) → calls per second. */
export function parseRate(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m|h))?\s*$/.exec(text);
  if (!m)
    throw new Error(`${flag} "${text}": expected a rate such as 5/s, 300/m or 2 (per second)`);
  const per = { s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 's' | 'm' | 'h'];
  return Number(m[1]) / per;
}

/** `30s:10,2m:100,30s:0` (k6 stages: ramp linearly to each target over each duration). */
export function parseVuStages(flag: string, text: string): Stage[] {
  return parseStages(
    flag,
    text,
    'a whole number of virtual users',
    (t) => {
      const n = Number(t);
      if (!Number.isInteger(n) || n < 0) throw new Error();
      return n;
    },
    '30s:10,2m:100,30s:0',
  );
}

/** `30s:5/s,1m:20/s,30s:0/s`. */
export function parseRateStages(flag: string, text: string): Stage[] {
  return parseStages(flag, text, 'a rate', (t) => parseRate(flag, t), '30s:5/s,2m:20/s,30s:0/s');
}

function parseStages(
  flag: string,
  text: string,
  what: string,
  target: (t: string) => number,
  example: string,
): Stage[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0)
    throw new Error(`${flag} "${text}": expected duration:target stages such as ${example}`);
  return parts.map((part) => {
    const colon = part.indexOf(':');
    if (colon <= 0)
      throw new Error(`${flag}: stage "${part}" is not duration:target (e.g. ${example})`);
    const durationMs = parseDuration(flag, part.slice(0, colon));
    let value: number;
    try {
      value = target(part.slice(colon + 1).trim());
    } catch {
      throw new Error(`${flag}: stage "${part}": the target must be ${what} (e.g. ${example})`);
    }
    return { durationMs, target: value };
  });
}

/** `2/4` → shard 2 of 4 (1-based). */
export function parseShard(flag: string, text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new Error(`${flag} "${text}": expected i/n with 1 ≤ i ≤ n, e.g. 1/4 (shard 1 of 4)`);
  return { index, count };
}

export interface MixEntry {
  path: string;
  weight: number;
}

/** `scenarios/orders=3,scenarios/benefits=1` (a path without `=w` weighs 1). */
export function parseMix(flag: string, text: string): MixEntry[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0)
    throw new Error(
      `${flag} "${text}": expected path=weight[,path=weight…], e.g. scenarios/orders=3,scenarios/benefits=1`,
    );
  return parts.map((part) => {
    const eq = part.lastIndexOf('=');
    if (eq < 0) return { path: part, weight: 1 };
    const weight = Number(part.slice(eq + 1));
    if (eq === 0 || !Number.isFinite(weight) || weight <= 0)
      throw new Error(
        `${flag}: "${part}" is not path=weight with a weight > 0, e.g. scenarios/orders=3`,
      );
    return { path: part.slice(0, eq), weight };
  });
}

export const FLITE_VOICES = ['slt', 'rms', 'awb', 'kal'] as const;

/** `slt,rms,awb,kal` (or engine-prefixed, `flite:slt`) or `all`. */
export function parseVoices(flag: string, text: string): string[] {
  const named =
    text.trim() === 'all'
      ? [...FLITE_VOICES]
      : text
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean);
  const voices = named.map((v) => {
    const resolved = resolveVoice(v);
    return typeof resolved === 'string' ? v : resolved.voice;
  });
  const unknown = voices.filter((v) => !(FLITE_VOICES as readonly string[]).includes(v));
  if (voices.length === 0 || unknown.length)
    throw new Error(
      `${flag} "${text}": expected flite voices from ${FLITE_VOICES.join(', ')} separated by commas, or "all"`,
    );
  return [...new Set(voices)];
}

export function parseNonNegativeInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${flag} "${text}": expected a whole number ≥ 0`);
  return n;
}

export function parsePositiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} "${text}": expected a whole number ≥ 1`);
  return n;
}
