import { describe, expect, test } from 'vitest';
import {
  findLimitStepPlan,
  LimitSearch,
  stepVerdict,
  type LimitSearchOptions,
} from './find-limit.ts';
import { targetAt, totalDurationMs, type ClosedPlan } from './plan.ts';

/** Runs a search against an agent that holds up to `capacity` calls; returns the levels tried. */
function search(
  capacity: number,
  options: Partial<LimitSearchOptions> = {},
): { tried: number[]; limit: number | null } {
  const s = new LimitSearch({ start: 1, step: null, max: 2000, maxSteps: 20, ...options });
  const tried: number[] = [];
  for (let level = s.next(); level !== null; level = s.next()) {
    tried.push(level);
    s.report(level, level <= capacity);
  }
  return { tried, limit: s.limit };
}

describe('find-limit search', () => {
  test('doubles until a level breaks, then bisects to adjacent levels', () => {
    expect(search(11)).toEqual({ tried: [1, 2, 4, 8, 16, 12, 10, 11], limit: 11 });
    expect(search(8)).toEqual({ tried: [1, 2, 4, 8, 16, 12, 10, 9], limit: 8 });
  });

  test('with --step it climbs linearly and stops at the first broken level', () => {
    expect(search(13, { start: 4, step: 4 })).toEqual({ tried: [4, 8, 12, 16], limit: 12 });
  });

  test('nothing held: no limit; everything held: stops at --max; --max-steps bounds the search', () => {
    expect(search(0, { start: 4 })).toEqual({ tried: [4, 2, 1], limit: null });
    expect(search(1e9, { max: 100 })).toEqual({ tried: [1, 2, 4, 8, 16, 32, 64, 100], limit: 100 });
    expect(search(1e9, { maxSteps: 3 }).tried).toEqual([1, 2, 4]);
  });

  test('a final report (generator bottleneck) ends the search', () => {
    const s = new LimitSearch({ start: 1, step: null, max: 100, maxSteps: 10 });
    s.report(1, true);
    s.report(2, false, true);
    expect(s.next()).toBeNull();
    expect(s.limit).toBe(1);
  });
});

describe('findLimitStepPlan', () => {
  /** When VU j of a closed plan first becomes active (its target first exceeds j). */
  const vuStartMs = (plan: ClosedPlan, j: number): number => {
    for (let t = 0; t <= totalDurationMs(plan); t += 10) if (targetAt(plan, t) > j) return t;
    return Infinity;
  };

  test('with a ramp, the step’s calls start evenly spread over it, then hold the level', () => {
    const plan = findLimitStepPlan(4, { stepDurationMs: 30_000, stepRampMs: 10_000 });
    expect(plan.executor).toBe('ramping-vus');
    expect([0, 1, 2, 3].map((j) => vuStartMs(plan, j))).toEqual([10, 2510, 5010, 7510]);
    expect(vuStartMs(plan, 4)).toBe(Infinity);
    expect(totalDurationMs(plan)).toBe(40_000);
    expect(targetAt(plan, 39_990)).toBe(4);
  });

  test('without one, every call starts at once (the old lockstep step)', () => {
    const plan = findLimitStepPlan(4, { stepDurationMs: 30_000, stepRampMs: 0 });
    expect(plan).toEqual({
      model: 'closed',
      executor: 'constant-vus',
      start: 4,
      stages: [{ durationMs: 30_000, target: 4 }],
    });
    expect([0, 1, 2, 3].map((j) => vuStartMs(plan, j))).toEqual([0, 0, 0, 0]);
  });
});

describe('stepVerdict', () => {
  test('a budget broken while the generator was strained counts as broken, with a note: the search bisects below it', () => {
    expect(stepVerdict({ aborted: false, generatorStrained: true, brokenBudgets: 1 })).toEqual({
      held: false,
      final: false,
      note: expect.stringContaining('the load generator was the bottleneck') as string,
    });
  });

  test('a budget held even with a strained generator has held (its latencies are upper bounds), and the search goes on', () => {
    const v = stepVerdict({ aborted: false, generatorStrained: true, brokenBudgets: 0 });
    expect(v).toMatchObject({ held: true, final: false });
    expect(v.note).toMatch(/upper bounds/);
  });

  test('otherwise the budget decides; an interrupted step ends the search', () => {
    expect(stepVerdict({ aborted: false, generatorStrained: false, brokenBudgets: 0 })).toEqual({
      held: true,
      final: false,
      note: null,
    });
    expect(stepVerdict({ aborted: false, generatorStrained: false, brokenBudgets: 2 })).toEqual({
      held: false,
      final: false,
      note: null,
    });
    expect(
      stepVerdict({ aborted: true, generatorStrained: false, brokenBudgets: 0 }),
    ).toMatchObject({ held: false, final: true });
  });
});
