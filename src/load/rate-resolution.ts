/**
 * Whether a find-limit step ended enough calls for a rate budget to mean anything. A 30 s step of
 * 40 s calls at 4 VUs ends about 5 calls: one failed call is then 20%, and `rate<0.05` breaks on
 * the first misrecognition whatever the level. Such a verdict is told with how many calls the
 * budget needs per step, so the user lengthens --step-duration instead of trusting the limit.
 */
import type { Threshold } from '../thresholds/parse.ts';

/**
 * The fewest calls with which a single call cannot by itself break this rate budget; null for a
 * budget that is not a rate, or that tolerates nothing (rate==0, rate>=1), where no count helps.
 */
export function callsToResolve(budget: Threshold): number | null {
  if (budget.aggregation.kind !== 'rate') return null;
  const { operator, value } = budget;
  const margin =
    operator === '<' || operator === '<='
      ? value
      : operator === '>' || operator === '>='
        ? 1 - value
        : 0;
  if (margin <= 0) return null;
  // One call is 1/n of the rate; it must stay under the margin (strictly, for < and >).
  const n = Math.round(1e9 / margin) / 1e9; // 1 - 0.9 is 0.0999…98 in floating point
  return Number.isInteger(n) && (operator === '<=' || operator === '>=') ? n : Math.floor(n) + 1;
}

/** A note for a broken rate budget decided by too few calls, or null when the step had enough. */
export function tooFewCallsNote(budget: Threshold, calls: number): string | null {
  const needed = callsToResolve(budget);
  if (needed === null || calls >= needed) return null;
  return `only ${calls} call(s) ended in this step, so one call moves ${budget.metric} by ${Math.round(100 / Math.max(1, calls))}%: ${budget.metric} ${budget.expression} needs ≥ ${needed} calls per step to be able to hold — lengthen --step-duration`;
}
