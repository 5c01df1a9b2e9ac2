/**
 * `--find-limit`: which concurrency levels to try. Without `--step`, doubling from `start` until
 * a level breaks the budget, then bisecting between the largest level that held and the smallest
 * that broke until they are adjacent. With `--step s`, start, start + s, start + 2s… until one
 * breaks. Never above `max`, never more than `maxSteps` levels. An interrupted step ends the
 * search; how the generator's health enters a step's verdict is `stepVerdict`'s.
 */

import type { ClosedPlan } from './plan.ts';

export interface LimitSearchOptions {
  start: number;
  step: number | null;
  max: number;
  maxSteps: number;
}

export class LimitSearch {
  private held: number | null = null; // largest level that held
  private broke: number | null = null; // smallest level that broke
  private tried = 0;
  private current: number | null;
  private stopped = false;

  constructor(private readonly options: LimitSearchOptions) {
    this.current = Math.min(options.start, options.max);
  }

  /** The next level to try, or null when the search is over. */
  next(): number | null {
    if (this.stopped || this.tried >= this.options.maxSteps) return null;
    return this.current;
  }

  /** The largest level that held (null if none did). */
  get limit(): number | null {
    return this.held;
  }

  report(level: number, held: boolean, final = false): void {
    this.tried++;
    if (held) this.held = Math.max(this.held ?? 0, level);
    else this.broke = Math.min(this.broke ?? Infinity, level);
    if (final) {
      this.stopped = true;
      return;
    }
    this.current = this.choose();
    if (this.current === null) this.stopped = true;
  }

  private choose(): number | null {
    const lo = this.held ?? 0;
    const { step, max } = this.options;
    if (this.broke === null) {
      if (lo >= max) return null;
      return Math.min(max, step === null ? Math.max(1, lo * 2) : lo + step);
    }
    if (step !== null || this.broke - lo <= 1) return null;
    return Math.floor((lo + this.broke) / 2);
  }
}

/**
 * One find-limit step as a closed plan: `level` VUs for `stepDurationMs`. With a ramp, the VUs
 * start evenly spread over `stepRampMs` first (ramping-vus from 0), so a step measures N calls in
 * flight rather than N identical calls in lockstep: started in the same millisecond, copies of a
 * scenario ask for the same reply, the same synthesis and the same grammar switch at once, every
 * turn, which no real call mix does.
 */
export function findLimitStepPlan(
  level: number,
  step: { stepDurationMs: number; stepRampMs: number },
): ClosedPlan {
  if (step.stepRampMs <= 0)
    return {
      model: 'closed',
      executor: 'constant-vus',
      start: level,
      stages: [{ durationMs: step.stepDurationMs, target: level }],
    };
  return {
    model: 'closed',
    executor: 'ramping-vus',
    start: 0,
    stages: [
      { durationMs: step.stepRampMs, target: level },
      { durationMs: step.stepDurationMs, target: level },
    ],
  };
}

export interface StepEvidence {
  /** The run was interrupted during the step. */
  aborted: boolean;
  /** The generator watchdog called the generator the bottleneck at some point of the step. */
  generatorStrained: boolean;
  /** Budgets the step's samples broke. */
  brokenBudgets: number;
}

export interface StepVerdict {
  held: boolean;
  /** The search ends with this step. */
  final: boolean;
  /** Why, when the generator or an interruption had a say (null otherwise). */
  note: string | null;
}

/**
 * Whether a step held, given what the generator did meanwhile. A late generator sends the caller's
 * audio late, so the agent answers late and every latency the caller measures grows by the delay:
 * the generator can make an agent look slower, never faster. So a step that broke the budget
 * while the generator was strained proves nothing about the agent: it counts as broken, so the
 * search bisects below it and the limit it reports is a lower bound (ending the search there
 * instead would report the last level that held before a doubling, 16 where 20 holds). One that
 * held its budget even so has held, with numbers that are upper bounds.
 */
export function stepVerdict(e: StepEvidence): StepVerdict {
  if (e.aborted) return { held: false, final: true, note: 'interrupted' };
  if (e.brokenBudgets > 0 && e.generatorStrained)
    return {
      held: false,
      final: false,
      note: 'the load generator was the bottleneck during this step: the break may be its own, so the limit found is a lower bound of the agent’s',
    };
  if (e.generatorStrained)
    return {
      held: true,
      final: false,
      note: 'held although the load generator was strained during this step: its delay is inside these latencies, so they are upper bounds of the agent’s',
    };
  return { held: e.brokenBudgets === 0, final: false, note: null };
}
