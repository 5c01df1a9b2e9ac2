/**
 * `callbench load --start-at`: shards of one load test start their plans at one wall-clock moment.
 *
 * Pods and CI jobs become ready seconds to minutes apart (image pulls, scheduling). Each shard
 * prepares everything first (scenarios, synthesized audio, worker threads, the agent URL check),
 * then waits until the agreed moment, so the shards' ramps run together and their stats intervals
 * fall on one wall-clock grid. A shard that is ready only after the moment would run its share of
 * the ramp late: it fails with a clear error, unless `--late-start ok`.
 *
 * The wait is on the wall clock (Date.now: the moment is shared between machines, which keep their
 * clocks in sync with NTP); the run itself keeps measuring on the monotonic clock.
 */
import { parseDuration } from './parse-options.ts';

export interface StartAt {
  /** The agreed moment, ms since the epoch. */
  atMs: number;
  /** Start anyway (at once) when ready after the moment. */
  lateStartOk: boolean;
}

/** The wall clock, injectable so tests drive it without sleeping. */
export interface WallClock {
  /** ms since the epoch. */
  now(): number;
  /** Resolves after `ms` (or at once when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realWallClock: WallClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** Further ahead than this is almost certainly a typo (a wrong year, ms for s). */
const MAX_AHEAD_MS = 7 * 24 * 3600 * 1000;
/** Date and time with an explicit zone: `2026-12-04T23:00:00Z`, `2026-12-04T23:00:00.000+01:00`. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** `+30s` (from now) or an ISO-8601 date-time with a zone → ms since the epoch. */
export function parseStartAt(flag: string, text: string, nowMs: number = Date.now()): number {
  const trimmed = text.trim();
  if (trimmed.startsWith('+')) return nowMs + parseDuration(flag, trimmed.slice(1));
  if (!ISO_WITH_ZONE.test(trimmed)) {
    const noZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed);
    throw new Error(
      noZone
        ? `${flag} "${text}": give the time zone (Z for UTC, or +01:00): shards on different machines must agree on the moment`
        : `${flag} "${text}": expected an ISO-8601 date-time such as 2026-12-04T23:00:00Z, or +duration such as +30s`,
    );
  }
  const atMs = Date.parse(trimmed);
  if (Number.isNaN(atMs)) throw new Error(`${flag} "${text}": not a valid date-time`);
  if (atMs - nowMs > MAX_AHEAD_MS)
    throw new Error(`${flag} "${text}": more than 7 days ahead; is the date right?`);
  return atMs;
}

export const LATE_START_CHOICES = ['fail', 'ok'] as const;

export function parseLateStart(flag: string, text: string): boolean {
  if (text === 'ok') return true;
  if (text === 'fail') return false;
  throw new Error(
    `${flag} "${text}": expected ok (start at once when ready late) or fail (the default)`,
  );
}

export type StartOutcome =
  /** `lateByMs` > 0 only with --late-start ok. */
  { kind: 'started'; lateByMs: number } | { kind: 'late'; message: string } | { kind: 'aborted' };

/** Close to the moment, wait in short steps: a long timer can fire a few ms late. */
const FINE_WAIT_MS = 50;
const FINE_STEP_MS = 1;

/**
 * Waits until `start.atMs` on the wall clock. `label` names the run in messages ("shard 2/4").
 * Long waits are cut into steps so a clock adjustment (NTP) during the wait is followed.
 */
export async function waitForStartAt(
  start: StartAt,
  label: string,
  options: { wall?: WallClock; signal?: AbortSignal; note?: (text: string) => void } = {},
): Promise<StartOutcome> {
  const wall = options.wall ?? realWallClock;
  const iso = new Date(start.atMs).toISOString();
  const ahead = start.atMs - wall.now();
  if (ahead < 0) {
    const late = `${label} was ready ${formatSeconds(-ahead)} after --start-at ${iso}`;
    if (!start.lateStartOk)
      return {
        kind: 'late',
        message: `${late}: its calls would not line up with the other shards' (start later, e.g. allow more time for image pulls; or add --late-start ok to start at once anyway)`,
      };
    options.note?.(
      `${late}: starting at once (--late-start ok); its intervals stay on the shared grid`,
    );
    return { kind: 'started', lateByMs: -ahead };
  }
  options.note?.(`${label} ready: waiting ${formatSeconds(ahead)} for --start-at ${iso}`);
  for (;;) {
    if (options.signal?.aborted) return { kind: 'aborted' };
    const left = start.atMs - wall.now();
    if (left <= 0) return { kind: 'started', lateByMs: Math.max(0, -left) };
    await wall.sleep(
      left > FINE_WAIT_MS ? Math.min(left - FINE_WAIT_MS, 60_000) : FINE_STEP_MS,
      options.signal,
    );
  }
}

/** The moment `atMs` (wall clock) on a monotonic clock that reads `monotonicNow` now. */
export function monotonicAt(
  atMs: number,
  monotonicNow: number,
  wall: WallClock = realWallClock,
): number {
  return monotonicNow - (wall.now() - atMs);
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
