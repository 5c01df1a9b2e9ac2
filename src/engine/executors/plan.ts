/**
 * What a load run does over time, as k6 describes it: a closed model (a number of virtual
 * users, each calling again as soon as its call ends) or an open model (calls arrive at a rate,
 * whether or not earlier ones have finished). Both are piecewise-linear ramps: each stage moves
 * the target linearly from where the previous stage ended to its own target over its duration.
 */

export interface Stage {
  durationMs: number;
  /** Virtual users (closed model) or calls per second (open model) at the stage's end. */
  target: number;
}

export interface ClosedPlan {
  model: 'closed';
  executor: 'constant-vus' | 'ramping-vus';
  /** The target at time 0 (constant-vus: the VU count; ramping-vus: 0, as in k6 with startVUs 0). */
  start: number;
  stages: Stage[];
}

export interface OpenPlan {
  model: 'open';
  executor: 'constant-arrival-rate' | 'ramping-arrival-rate';
  /** Calls per second at time 0. */
  start: number;
  stages: Stage[];
  /** Arrivals that find this many calls in flight are dropped (counted, never queued). */
  maxInFlight: number;
}

export type LoadPlan = ClosedPlan | OpenPlan;

export function totalDurationMs(plan: { stages: readonly Stage[] }): number {
  return plan.stages.reduce((a, s) => a + s.durationMs, 0);
}

/** The ramp's value at `tMs` (the last target after the end). */
export function targetAt(plan: { start: number; stages: readonly Stage[] }, tMs: number): number {
  let from = plan.start;
  let t0 = 0;
  for (const s of plan.stages) {
    if (tMs < t0 + s.durationMs)
      return s.durationMs === 0 ? s.target : from + ((s.target - from) * (tMs - t0)) / s.durationMs;
    from = s.target;
    t0 += s.durationMs;
  }
  return from;
}

/**
 * When arrival `k` (0-based) of an open plan happens: the time at which the integral of the
 * rate reaches k, so arrival 0 is at time 0 (as in k6). Returns Infinity when the plan ends first.
 * Solved per stage in closed form (the integral of a linear rate is quadratic), so arrival times
 * do not depend on how often a timer happens to fire.
 */
export function arrivalTimeMs(
  plan: { start: number; stages: readonly Stage[] },
  k: number,
): number {
  let remaining = k; // calls still to accumulate
  let from = plan.start;
  let t0 = 0;
  for (const s of plan.stages) {
    const d = s.durationMs / 1000;
    const r0 = from;
    const r1 = s.target;
    const area = ((r0 + r1) / 2) * d;
    if (remaining <= area && d > 0) {
      const slope = (r1 - r0) / d;
      let tau: number;
      if (Math.abs(slope) < 1e-12) tau = r0 > 0 ? remaining / r0 : 0;
      else tau = (-r0 + Math.sqrt(Math.max(0, r0 * r0 + 2 * slope * remaining))) / slope;
      return t0 + Math.min(d, Math.max(0, tau)) * 1000;
    }
    remaining -= area;
    from = r1;
    t0 += s.durationMs;
  }
  return Infinity;
}
