import { describe, expect, test } from 'vitest';
import { parseLateStart, parseStartAt, waitForStartAt, type WallClock } from './start-at.ts';

const NOW = Date.parse('2026-12-04T22:00:00Z');

/** A wall clock that moves only when slept on, recording every sleep. */
function fakeWall(startMs: number): WallClock & { sleeps: number[] } {
  let t = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

describe('--start-at', () => {
  test('takes an ISO-8601 date-time with a zone, or +duration from now', () => {
    expect(parseStartAt('--start-at', '2026-12-04T22:05:00Z', NOW)).toBe(NOW + 300_000);
    expect(parseStartAt('--start-at', '2026-12-04T23:05:00.250+01:00', NOW)).toBe(NOW + 300_250);
    expect(parseStartAt('--start-at', '+90s', NOW)).toBe(NOW + 90_000);
    expect(parseStartAt('--start-at', '+1m30s', NOW)).toBe(NOW + 90_000);
  });

  test.each([
    ['2026-12-04T22:05:00', /give the time zone \(Z for UTC, or \+01:00\)/],
    [
      'tomorrow',
      /expected an ISO-8601 date-time such as 2026-12-04T23:00:00Z, or \+duration such as \+30s/,
    ],
    ['+soon', /--start-at "soon": expected a duration/],
    ['2026-13-45T22:05:00Z', /not a valid date-time/],
    ['2027-12-04T22:05:00Z', /more than 7 days ahead/],
  ])('%s is refused with a message that says why', (text, message) => {
    expect(() => parseStartAt('--start-at', text, NOW)).toThrow(message);
  });

  test('--late-start takes ok or fail', () => {
    expect(parseLateStart('--late-start', 'ok')).toBe(true);
    expect(parseLateStart('--late-start', 'fail')).toBe(false);
    expect(() => parseLateStart('--late-start', 'yes')).toThrow(/expected ok .* or fail/);
  });
});

describe('waiting for the start', () => {
  test('waits until the moment, in steps that end on it', async () => {
    const wall = fakeWall(NOW);
    const notes: string[] = [];
    const out = await waitForStartAt({ atMs: NOW + 125_000, lateStartOk: false }, 'shard 2/4', {
      wall,
      note: (t) => notes.push(t),
    });
    expect(out).toEqual({ kind: 'started', lateByMs: 0 });
    expect(wall.now()).toBe(NOW + 125_000);
    expect(Math.max(...wall.sleeps)).toBeLessThanOrEqual(60_000); // a clock adjustment mid-wait is followed
    expect(notes).toEqual([
      'shard 2/4 ready: waiting 125.0 s for --start-at 2026-12-04T22:02:05.000Z',
    ]);
  });

  test('ready after the moment: a clear error, unless --late-start ok', async () => {
    const late = await waitForStartAt({ atMs: NOW - 12_300, lateStartOk: false }, 'shard 3/4', {
      wall: fakeWall(NOW),
    });
    expect(late).toEqual({
      kind: 'late',
      message:
        "shard 3/4 was ready 12.3 s after --start-at 2026-12-04T21:59:47.700Z: its calls would not line up with the other shards' (start later, e.g. allow more time for image pulls; or add --late-start ok to start at once anyway)",
    });
    const notes: string[] = [];
    const ok = await waitForStartAt({ atMs: NOW - 12_300, lateStartOk: true }, 'shard 3/4', {
      wall: fakeWall(NOW),
      note: (t) => notes.push(t),
    });
    expect(ok).toEqual({ kind: 'started', lateByMs: 12_300 });
    expect(notes[0]).toMatch(/starting at once \(--late-start ok\)/);
  });

  test('an interruption while waiting ends the wait', async () => {
    const controller = new AbortController();
    const wall = fakeWall(NOW);
    const sleep = wall.sleep;
    wall.sleep = async (ms, signal) => {
      controller.abort();
      return sleep(ms, signal);
    };
    expect(
      await waitForStartAt({ atMs: NOW + 600_000, lateStartOk: false }, 'shard 1/2', {
        wall,
        signal: controller.signal,
      }),
    ).toEqual({ kind: 'aborted' });
  });
});
