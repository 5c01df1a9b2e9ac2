/** A Clock for tests: time moves only when `advanceTo` says so, and timers fire in due order. */
import type { Clock } from './clock.ts';

interface Timer {
  dueMs: number;
  seq: number;
  fn: () => void;
}

export class ManualClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { dueMs: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  /** Fires every timer due up to `tMs` in order, letting promise callbacks run after each. */
  async advanceTo(tMs: number): Promise<void> {
    for (let guard = 0; guard < 1_000_000; guard++) {
      await settle();
      const next = this.timers.reduce<Timer | null>(
        (a, x) =>
          x.dueMs <= tMs && (!a || x.dueMs < a.dueMs || (x.dueMs === a.dueMs && x.seq < a.seq))
            ? x
            : a,
        null,
      );
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.dueMs;
      next.fn();
    }
    this.t = Math.max(this.t, tMs);
    await settle();
  }
}

/** Lets chained promise callbacks run (a few rounds of microtasks and one macrotask). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise<void>((r) => setImmediate(r));
}
