/**
 * Which calls get an embedded timeline. Large runs stay usable: every failed call (up to a cap)
 * and an even sample of passing calls; the page says what was left out.
 */
import type { ScoredCall } from '../../results/scored-call.ts';

export const MAX_FAILED_TIMELINES = 200;
export const MAX_PASSING_TIMELINES = 50;

export interface TimelineSample {
  shown: ScoredCall[];
  failedTotal: number;
  failedShown: number;
  passingTotal: number;
  passingShown: number;
}

/** `count` items spread evenly over `items` (first and last included), in their order. */
export function evenSample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  if (count <= 0) return [];
  if (count === 1) return [items[0]];
  const step = (items.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, i) => items[Math.round(i * step)]);
}

export function sampleTimelines(
  calls: readonly ScoredCall[],
  maxFailed = MAX_FAILED_TIMELINES,
  maxPassing = MAX_PASSING_TIMELINES,
): TimelineSample {
  // A call never started has no timeline to draw.
  const failed = calls.filter((c) => c.status !== 'passed' && c.status !== 'not_started');
  const passing = calls.filter((c) => c.status === 'passed');
  const failedShown = evenSample(failed, maxFailed);
  const passingShown = evenSample(passing, maxPassing);
  const chosen = new Set([...failedShown, ...passingShown]);
  return {
    shown: calls.filter((c) => chosen.has(c)),
    failedTotal: failed.length,
    failedShown: failedShown.length,
    passingTotal: passing.length,
    passingShown: passingShown.length,
  };
}
