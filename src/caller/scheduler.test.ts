import { describe, expect, test } from 'vitest';
import { FrameScheduler, type FrameTask } from './scheduler.ts';

/** A fake clock with a fake timer, so the scheduler's arithmetic is tested without real time. */
function fakeClock() {
  let now = 0;
  const s = new FrameScheduler(() => now);
  return {
    scheduler: s,
    /** Advances time in 0.25 ms steps, letting real timers fire (setTimeout(…,0) semantics are not needed). */
    set(t: number) {
      now = t;
    },
  };
}

describe('FrameScheduler', () => {
  test('spreads tasks over phases and keeps fixed due times', async () => {
    const s = new FrameScheduler();
    const dues: number[][] = [[], [], [], []];
    const regs = dues.map((d, i) => {
      const task: FrameTask = { onFrame: (due) => void d.push(due) };
      return s.register(task, performance.now() + 5 + i * 0.01);
    });
    // Four tasks land on four different phases.
    const phases = new Set(regs.map((r) => Math.round((r.firstDueMs % 20) * 1000)));
    expect(phases.size).toBe(4);
    await new Promise((r) => setTimeout(r, 250));
    for (const r of regs) r.cancel();
    for (const [i, d] of dues.entries()) {
      expect(d.length).toBeGreaterThanOrEqual(10);
      expect(d[0]).toBeCloseTo(regs[i].firstDueMs, 6);
      // Due times advance by exactly 20 ms: no drift, whatever the timer's lateness.
      for (let k = 1; k < d.length; k++) expect(d[k] - d[k - 1]).toBeCloseTo(20, 6);
    }
    expect(s.activeTasks).toBe(0);
  });

  test('a task joining a busy phase starts at its own first due time, on that phase', async () => {
    const s = new FrameScheduler(() => performance.now(), 1); // one phase: everyone shares it
    const a: number[] = [];
    const b: number[] = [];
    const ra = s.register({ onFrame: (d) => void a.push(d) }, performance.now());
    await new Promise((r) => setTimeout(r, 70));
    const rb = s.register({ onFrame: (d) => void b.push(d) }, performance.now() + 30);
    await new Promise((r) => setTimeout(r, 100));
    ra.cancel();
    rb.cancel();
    expect(b[0]).toBeCloseTo(rb.firstDueMs, 6);
    expect((((rb.firstDueMs - ra.firstDueMs) % 20) + 20) % 20).toBeCloseTo(0, 6);
    expect(b.every((d) => a.some((x) => Math.abs(x - d) < 1e-6))).toBe(true);
  });

  test('after a stall every missed frame is still delivered, in order, with its lateness visible', async () => {
    const s = new FrameScheduler();
    const dues: number[] = [];
    const late: number[] = [];
    s.observeLateness((ms) => late.push(ms));
    const r = s.register({ onFrame: (d) => void dues.push(d) }, performance.now());
    await new Promise((res) => setTimeout(res, 30));
    const until = performance.now() + 100;
    while (performance.now() < until); // block the event loop for 100 ms
    await new Promise((res) => setTimeout(res, 30));
    r.cancel();
    for (let k = 1; k < dues.length; k++) expect(dues[k] - dues[k - 1]).toBeCloseTo(20, 6);
    expect(Math.max(...late)).toBeGreaterThan(50);
  });

  test('the timer stops when the last task leaves (the process can exit)', () => {
    const { scheduler } = fakeClock();
    const r = scheduler.register({ onFrame: () => {} }, 0);
    r.cancel();
    // @ts-expect-error private: no timer left armed
    expect(scheduler.timer).toBeNull();
  });
});
