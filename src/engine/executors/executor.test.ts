import { describe, expect, test } from 'vitest';
import { startExecutor, type CallTicket, type ExecutorPlan } from './executor.ts';
import { ManualClock } from './manual-clock.ts';
import { arrivalTimeMs, targetAt, type LoadPlan } from './plan.ts';
import { WHOLE_PLAN, type Shard } from './shard.ts';

interface Started {
  key: number[];
  callId: string;
  atMs: number;
  dueMs: number;
}

/** Runs an executor on a manual clock with calls that last `callMs` each. */
function harness(
  plan: ExecutorPlan,
  opts: {
    callMs: (t: CallTicket) => number;
    shard?: Shard;
    gracefulStopMs?: number;
    signal?: AbortSignal;
  },
) {
  const clock = new ManualClock();
  const started: Started[] = [];
  const dropped: number[] = [];
  let inFlightMax = 0;
  let ended = 0;
  let aborted = 0;
  const exec = startExecutor(
    {
      plan,
      shard: opts.shard ?? WHOLE_PLAN,
      clock,
      gracefulStopMs: opts.gracefulStopMs ?? 1000,
      signal: opts.signal,
    },
    {
      startCall: (t) => {
        started.push({ key: t.key, callId: t.callId, atMs: clock.now(), dueMs: t.dueMs });
        inFlightMax = Math.max(inFlightMax, exec.inFlight);
        return new Promise<void>((resolve) => {
          const onAbort = (): void => {
            cancel();
            aborted++;
            resolve();
          };
          const cancel = clock.setTimeout(() => {
            t.signal.removeEventListener('abort', onAbort);
            ended++;
            resolve();
          }, opts.callMs(t));
          t.signal.addEventListener('abort', onAbort, { once: true });
        });
      },
      onDropped: (k) => dropped.push(k),
    },
  );
  return {
    clock,
    exec,
    started,
    dropped,
    get inFlightMax() {
      return inFlightMax;
    },
    get ended() {
      return ended;
    },
    get aborted() {
      return aborted;
    },
  };
}

describe('plan ramps', () => {
  test('stages ramp linearly from the previous target', () => {
    const plan = {
      start: 0,
      stages: [
        { durationMs: 10_000, target: 10 },
        { durationMs: 20_000, target: 100 },
        { durationMs: 10_000, target: 0 },
      ],
    };
    expect(targetAt(plan, 0)).toBe(0);
    expect(targetAt(plan, 5000)).toBe(5);
    expect(targetAt(plan, 10_000)).toBe(10);
    expect(targetAt(plan, 20_000)).toBe(55);
    expect(targetAt(plan, 35_000)).toBe(50);
    expect(targetAt(plan, 99_000)).toBe(0);
  });

  test('arrival k of a constant rate is at k / rate; a ramping rate follows its integral', () => {
    const constant = { start: 5, stages: [{ durationMs: 10_000, target: 5 }] };
    expect(arrivalTimeMs(constant, 0)).toBe(0);
    expect(arrivalTimeMs(constant, 1)).toBeCloseTo(200, 9);
    expect(arrivalTimeMs(constant, 49)).toBeCloseTo(9800, 6);
    expect(arrivalTimeMs(constant, 51)).toBe(Infinity);
    // 0 → 10/s over 10 s: Λ(t) = t²/2, so arrival 8 is at t = 4 s, and arrival 50 at the very end.
    const ramp = { start: 0, stages: [{ durationMs: 10_000, target: 10 }] };
    expect(arrivalTimeMs(ramp, 8)).toBeCloseTo(4000, 6);
    expect(arrivalTimeMs(ramp, 50)).toBeCloseTo(10_000, 6);
    expect(arrivalTimeMs(ramp, 51)).toBe(Infinity);
  });
});

describe('closed model', () => {
  test('constant VUs: each VU calls again as soon as its call ends, and nothing starts after the duration', async () => {
    const h = harness(
      {
        model: 'closed',
        executor: 'constant-vus',
        start: 3,
        stages: [{ durationMs: 10_000, target: 3 }],
      },
      { callMs: () => 3000, gracefulStopMs: 5000 },
    );
    await h.clock.advanceTo(20_000);
    const result = await h.exec.done;
    // 3 VUs × calls at 0, 3, 6, 9 s.
    expect(h.started.map((s) => s.atMs)).toEqual([
      0, 0, 0, 3000, 3000, 3000, 6000, 6000, 6000, 9000, 9000, 9000,
    ]);
    expect(h.started.filter((s) => s.key[0] === 1).map((s) => s.callId)).toEqual([
      'vu2-1',
      'vu2-2',
      'vu2-3',
      'vu2-4',
    ]);
    expect(h.inFlightMax).toBe(3);
    expect(result).toEqual({ started: 12, dropped: 0, interruptedAtEnd: 0 });
  });

  test('stages: VUs join as the target rises and leave after their call as it falls', async () => {
    // 0 → 4 VUs over 4 s, hold 4 s, 4 → 0 over 4 s; calls last 1 s.
    const h = harness(
      {
        model: 'closed',
        executor: 'ramping-vus',
        start: 0,
        stages: [
          { durationMs: 4000, target: 4 },
          { durationMs: 4000, target: 4 },
          { durationMs: 4000, target: 0 },
        ],
      },
      { callMs: () => 1000 },
    );
    await h.clock.advanceTo(30_000);
    await h.exec.done;
    const firstCall = (vu: number) => h.started.find((s) => s.key[0] === vu)?.atMs;
    const lastCall = (vu: number) => h.started.filter((s) => s.key[0] === vu).at(-1)?.atMs;
    // VU j joins when the target reaches j + 1 (at (j + 1) s), checked every 100 ms.
    expect([0, 1, 2, 3].map(firstCall)).toEqual([1000, 2000, 3000, 4000]);
    // Ramping down, the target falls below j + 1 after 12 - (j + 1) s; the VU does not call after that.
    expect([0, 1, 2, 3].map(lastCall)).toEqual([11_000, 10_000, 9000, 8000]);
    expect(h.started.length).toBe(11 + 9 + 7 + 5);
  });

  test('calls still in flight at the end get the graceful stop, then are interrupted', async () => {
    const h = harness(
      {
        model: 'closed',
        executor: 'constant-vus',
        start: 2,
        stages: [{ durationMs: 1000, target: 2 }],
      },
      { callMs: () => 60_000, gracefulStopMs: 5000 },
    );
    await h.clock.advanceTo(5999);
    expect(h.aborted).toBe(0);
    await h.clock.advanceTo(6001);
    const result = await h.exec.done;
    expect(h.aborted).toBe(2);
    expect(result.interruptedAtEnd).toBe(2);
  });

  test('Ctrl-C interrupts calls at once and starts no more', async () => {
    const ctl = new AbortController();
    const h = harness(
      {
        model: 'closed',
        executor: 'constant-vus',
        start: 2,
        stages: [{ durationMs: 60_000, target: 2 }],
      },
      { callMs: () => 1000, signal: ctl.signal },
    );
    await h.clock.advanceTo(2500);
    ctl.abort();
    await h.clock.advanceTo(60_000);
    const result = await h.exec.done;
    expect(h.aborted).toBe(2);
    expect(result.started).toBe(6);
  });
});

describe('open model', () => {
  test('constant arrival rate: arrivals at k / rate, whatever calls are doing', async () => {
    const h = harness(
      {
        model: 'open',
        executor: 'constant-arrival-rate',
        start: 4,
        stages: [{ durationMs: 2000, target: 4 }],
        maxInFlight: 100,
      },
      { callMs: () => 10_000 },
    );
    await h.clock.advanceTo(20_000);
    await h.exec.done;
    expect(h.started.map((s) => s.atMs)).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750]);
    expect(h.dropped).toEqual([]);
  });

  test('arrivals over --max-in-flight are dropped and counted, never started late', async () => {
    // 10/s for 1 s, calls last 450 ms, at most 3 in flight: arrivals at 0..900 ms.
    const h = harness(
      {
        model: 'open',
        executor: 'constant-arrival-rate',
        start: 10,
        stages: [{ durationMs: 1000, target: 10 }],
        maxInFlight: 3,
      },
      { callMs: () => 450 },
    );
    await h.clock.advanceTo(5000);
    const result = await h.exec.done;
    // In flight at each arrival: 0:0 100:1 200:2 300:3→drop 400:3→drop 450 ends #0 → 500:2 …
    expect(h.started.map((s) => s.atMs)).toEqual([0, 100, 200, 500, 600, 700]);
    expect(h.dropped).toEqual([3, 4, 8, 9]);
    expect(result).toMatchObject({ started: 6, dropped: 4 });
    // A started call starts when it is due: no queueing.
    for (const s of h.started) expect(s.atMs).toBeCloseTo(s.dueMs, 9);
  });

  test('ramping arrival rate follows the stage transitions', async () => {
    // 0 → 10/s over 2 s (10 arrivals), then 10/s for 1 s (10 more), then stop.
    const h = harness(
      {
        model: 'open',
        executor: 'ramping-arrival-rate',
        start: 0,
        stages: [
          { durationMs: 2000, target: 10 },
          { durationMs: 1000, target: 10 },
        ],
        maxInFlight: 1000,
      },
      { callMs: () => 10 },
    );
    await h.clock.advanceTo(10_000);
    await h.exec.done;
    const times = h.started.map((s) => s.atMs);
    expect(times.length).toBe(20);
    expect(times.filter((t) => t < 2000).length).toBe(10);
    // In the ramp, arrival k is at sqrt(2k / 5) s (Λ = 2.5 t²); after it, every 100 ms.
    expect(times[8]).toBeCloseTo(Math.sqrt((2 * 8) / 5) * 1000, 6);
    expect(times[15] - times[14]).toBeCloseTo(100, 6);
  });
});

describe('shards', () => {
  test('the shards of a plan together start exactly the calls of the whole plan', async () => {
    const plans: LoadPlan[] = [
      {
        model: 'closed',
        executor: 'ramping-vus',
        start: 0,
        stages: [
          { durationMs: 3000, target: 5 },
          { durationMs: 3000, target: 2 },
        ],
      },
      {
        model: 'open',
        executor: 'constant-arrival-rate',
        start: 7,
        stages: [{ durationMs: 3000, target: 7 }],
        maxInFlight: 1000,
      },
    ];
    for (const plan of plans) {
      const callMs = (t: CallTicket) => 700 + 100 * (t.key[0] % 3);
      const whole = harness(plan, { callMs });
      await whole.clock.advanceTo(60_000);
      await whole.exec.done;
      const parts: Started[] = [];
      for (const index of [1, 2, 3]) {
        const h = harness(plan, { callMs, shard: { index, count: 3 } });
        await h.clock.advanceTo(2900);
        // Each shard aims for its share: 5 VUs × 2.9/3 = 4 VUs → 2, 1, 1 (VUs 0,3 / 1 / 2); 7/s → 7/3 each.
        expect(h.exec.targetNow()).toBeCloseTo(
          plan.model === 'closed' ? [2, 1, 1][index - 1] : 7 / 3,
          9,
        );
        await h.clock.advanceTo(60_000);
        await h.exec.done;
        parts.push(...h.started);
      }
      const norm = (xs: Started[]) =>
        xs.map((s) => `${s.key.join('.')}@${s.atMs.toFixed(3)}`).sort();
      expect(norm(parts)).toEqual(norm(whole.started));
    }
  });
});

describe('shared iterations (callbench run)', () => {
  const plan = (vus: number, iterations: number): ExecutorPlan => ({
    model: 'iterations',
    executor: 'shared-iterations',
    vus,
    iterations,
  });

  test('vus calls at a time, each VU taking the next iteration as its call ends, in order', async () => {
    // Calls of iteration i last 1000 + 100·i ms: with 2 VUs, 0 and 1 start at 0; 2 when 0 ends (1000), 3 when 1 ends (1100), 4 when 2 ends (2200).
    const h = harness(plan(2, 5), { callMs: (t) => 1000 + 100 * t.key[0] });
    await h.clock.advanceTo(60_000);
    const result = await h.exec.done;
    expect(h.started.map((s) => [s.key[0], s.callId, s.atMs])).toEqual([
      [0, 'call-0001', 0],
      [1, 'call-0002', 0],
      [2, 'call-0003', 1000],
      [3, 'call-0004', 1100],
      [4, 'call-0005', 2200],
    ]);
    expect(h.inFlightMax).toBe(2);
    expect(h.ended).toBe(5);
    expect(result).toEqual({ started: 5, dropped: 0, interruptedAtEnd: 0 });
  });

  test('more VUs than iterations start every call at once; the plan ends with its last call, whatever its length', async () => {
    const h = harness(plan(8, 3), { callMs: () => 90_000 });
    await h.clock.advanceTo(89_999);
    expect(h.started).toHaveLength(3);
    expect(h.exec.inFlight).toBe(3);
    await h.clock.advanceTo(90_000);
    expect(await h.exec.done).toEqual({ started: 3, dropped: 0, interruptedAtEnd: 0 });
    expect(h.aborted).toBe(0);
  });

  test('no iterations: done at once, nothing started', async () => {
    const h = harness(plan(4, 0), { callMs: () => 1000 });
    await h.clock.advanceTo(10);
    expect(await h.exec.done).toEqual({ started: 0, dropped: 0, interruptedAtEnd: 0 });
  });

  test('Ctrl-C interrupts the calls in flight and starts no more', async () => {
    const ctl = new AbortController();
    const h = harness(plan(2, 10), { callMs: () => 1000, signal: ctl.signal });
    await h.clock.advanceTo(1500);
    expect(h.started).toHaveLength(4);
    ctl.abort();
    await h.clock.advanceTo(60_000);
    await h.exec.done;
    expect(h.started).toHaveLength(4);
    expect(h.aborted).toBe(2);
  });
});
