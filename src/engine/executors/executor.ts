/**
 * The executors: when each call starts.
 *
 * Shared iterations (`callbench run`): a fixed list of calls shared by `vus` VUs; each VU takes
 * the next call as soon as its last one ends, until none are left (k6's shared-iterations). There
 * is no time limit: the plan ends when its last call has.
 * Closed model (constant-vus, ramping-vus): virtual user j is active while the ramp's target
 * exceeds j; an active VU calls again as soon as its call is over (k6 has no think time by
 * default). When the target falls, VUs above it finish their call and stop (k6's graceful ramp
 * down). Open model (constant/ramping-arrival-rate): arrival k is due when the rate's integral
 * reaches k; an arrival that finds `maxInFlight` calls running is dropped and counted — never
 * queued and started later, which would hide the agent's slowness (coordinated omission).
 *
 * At the end of the plan no call starts; calls in flight get `gracefulStopMs` to finish, then are
 * interrupted. An aborted `signal` (Ctrl-C) interrupts them at once.
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from './clock.ts';
import {
  arrivalTimeMs,
  targetAt,
  totalDurationMs,
  type ClosedPlan,
  type LoadPlan,
  type OpenPlan,
} from './plan.ts';
import { ownsKey, type Shard } from './shard.ts';

/** `callbench run`: `iterations` calls, `vus` of them at a time. */
export interface SharedIterationsPlan {
  model: 'iterations';
  executor: 'shared-iterations';
  vus: number;
  iterations: number;
}

/** Every executor's plan: a load run's (closed or open model) or a run's shared iterations. */
export type ExecutorPlan = LoadPlan | SharedIterationsPlan;

export interface CallTicket {
  /** The call's global key: [vu, iteration] (closed), [arrival] (open) or [iteration] (shared iterations), prefixed by `keyPrefix`. */
  key: number[];
  callId: string;
  /** Milliseconds since the executor started, when the call was due. */
  dueMs: number;
  /** Aborted when the call must stop (graceful stop over, or Ctrl-C). */
  signal: AbortSignal;
}

export interface ExecutorHooks {
  /** Starts a call; resolves once it is over and recorded (its row is on disk). */
  startCall(ticket: CallTicket): Promise<void>;
  /** An open-model arrival found `maxInFlight` calls running. */
  onDropped?(arrival: number, dueMs: number): void;
}

export interface ExecutorOptions {
  plan: ExecutorPlan;
  shard: Shard;
  clock: Clock;
  signal?: AbortSignal;
  gracefulStopMs: number;
  /** Closed model: how often the ramp's target is re-read (ms). */
  controlIntervalMs?: number;
  /** Prepended to every call key (find-limit: the step), so draws differ per step. */
  keyPrefix?: number[];
  /** Prepended to call ids. */
  idPrefix?: string;
}

export interface ExecutorResult {
  started: number;
  dropped: number;
  /** The calls in flight at the end of the plan were interrupted after the graceful stop. */
  interruptedAtEnd: number;
}

export interface Executor {
  /** Calls in flight now. */
  readonly inFlight: number;
  /** What this shard aims for now: its VUs (closed) or its calls per second (open). */
  targetNow(): number;
  readonly done: Promise<ExecutorResult>;
}

export function startExecutor(options: ExecutorOptions, hooks: ExecutorHooks): Executor {
  switch (options.plan.model) {
    case 'closed':
      return new ClosedExecutor(options, options.plan, hooks);
    case 'open':
      return new OpenExecutor(options, options.plan, hooks);
    case 'iterations':
      return new SharedIterationsExecutor(options, options.plan, hooks);
  }
}

abstract class BaseExecutor implements Executor {
  inFlight = 0;
  protected started = 0;
  protected dropped = 0;
  protected readonly t0: number;
  protected stopping = false;
  protected readonly calls = new Controller();
  private readonly pending = new Set<Promise<void>>();
  private resolveDone: (r: ExecutorResult) => void = () => {};
  readonly done: Promise<ExecutorResult>;
  private interruptedAtEnd = 0;

  constructor(
    protected readonly options: ExecutorOptions,
    protected readonly hooks: ExecutorHooks,
  ) {
    this.t0 = options.clock.now();
    this.done = new Promise((r) => (this.resolveDone = r));
    if (options.signal?.aborted) this.calls.abort();
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  abstract targetNow(): number;

  protected elapsed(): number {
    return this.options.clock.now() - this.t0;
  }

  protected launch(key: number[], callId: string, dueMs: number, after: () => void): void {
    this.started++;
    this.inFlight++;
    const p = this.hooks
      .startCall({
        key: [...(this.options.keyPrefix ?? []), ...key],
        callId: `${this.options.idPrefix ?? ''}${callId}`,
        dueMs,
        signal: this.calls.signal,
      })
      .catch(() => {})
      .finally(() => {
        this.inFlight--;
        this.pending.delete(p);
        if (!this.stopping) after();
        this.maybeDone();
      });
    this.pending.add(p);
  }

  /** The plan is over: start nothing more, give calls in flight the graceful stop. */
  protected finishPlan(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    if (this.inFlight > 0) {
      const cancel = this.options.clock.setTimeout(() => {
        this.interruptedAtEnd = this.inFlight;
        this.calls.abort();
      }, this.options.gracefulStopMs);
      void Promise.all([...this.pending]).then(() => cancel());
    }
    this.maybeDone();
  }

  private maybeDone(): void {
    if (!this.stopping || this.inFlight > 0) return;
    this.resolveDone({
      started: this.started,
      dropped: this.dropped,
      interruptedAtEnd: this.interruptedAtEnd,
    });
  }

  private readonly onAbort = (): void => {
    this.calls.abort();
    this.stop();
  };

  protected abstract stop(): void;
}

class ClosedExecutor extends BaseExecutor {
  private readonly running = new Set<number>();
  private readonly iterations = new Map<number, number>();
  private readonly totalMs: number;
  private cancelTick: () => void = () => {};

  constructor(
    options: ExecutorOptions,
    private readonly plan: ClosedPlan,
    hooks: ExecutorHooks,
  ) {
    super(options, hooks);
    this.totalMs = totalDurationMs(plan);
    // The first calls start from a timer, never inside startExecutor: callers can hold the executor first.
    if (this.calls.signal.aborted) this.stop();
    else this.cancelTick = options.clock.setTimeout(this.control, 0);
  }

  targetNow(): number {
    if (this.stopping) return 0;
    // The active VUs this shard owns: j < target with j mod count = index - 1.
    const { index, count } = this.options.shard;
    return Math.max(0, Math.ceil((this.activeBelow(this.elapsed()) - (index - 1)) / count));
  }

  /** VUs with index below this are active at `tMs`. */
  private activeBelow(tMs: number): number {
    return Math.floor(targetAt(this.plan, tMs) + 1e-9);
  }

  private readonly control = (): void => {
    const t = this.elapsed();
    if (t >= this.totalMs) return this.stop();
    const active = this.activeBelow(t);
    const { index, count } = this.options.shard;
    for (let j = index - 1; j < active; j += count) if (!this.running.has(j)) this.iterate(j, t);
    this.cancelTick = this.options.clock.setTimeout(
      this.control,
      this.options.controlIntervalMs ?? 100,
    );
  };

  private iterate(vu: number, dueMs: number): void {
    const iteration = this.iterations.get(vu) ?? 0;
    this.iterations.set(vu, iteration + 1);
    this.running.add(vu);
    this.launch([vu, iteration], `vu${vu + 1}-${iteration + 1}`, dueMs, () => {
      this.running.delete(vu);
      const t = this.elapsed();
      // k6: a VU still active when its iteration ends starts the next one at once.
      if (t < this.totalMs && vu < this.activeBelow(t)) this.iterate(vu, t);
    });
  }

  protected stop(): void {
    this.cancelTick();
    this.finishPlan();
  }
}

class OpenExecutor extends BaseExecutor {
  private next = 0; // next arrival index of the whole plan
  private readonly totalMs: number;
  private readonly maxInFlight: number;
  private cancelTimer: () => void = () => {};

  constructor(
    options: ExecutorOptions,
    private readonly plan: OpenPlan,
    hooks: ExecutorHooks,
  ) {
    super(options, hooks);
    this.totalMs = totalDurationMs(plan);
    // The cap is split like the rate, so the shards together hold the plan's cap.
    const { index, count } = options.shard;
    this.maxInFlight =
      Math.floor(plan.maxInFlight / count) + (index - 1 < plan.maxInFlight % count ? 1 : 0);
    if (this.calls.signal.aborted) this.stop();
    else this.arm();
  }

  targetNow(): number {
    return this.stopping ? 0 : targetAt(this.plan, this.elapsed()) / this.options.shard.count;
  }

  private arm(): void {
    const due = arrivalTimeMs(this.plan, this.next);
    if (!(due < this.totalMs)) {
      // No arrival left: the plan ends at its total duration.
      this.cancelTimer = this.options.clock.setTimeout(
        () => this.stop(),
        this.totalMs - this.elapsed(),
      );
      return;
    }
    this.cancelTimer = this.options.clock.setTimeout(this.fire, due - this.elapsed());
  }

  private readonly fire = (): void => {
    const t = this.elapsed();
    // Every arrival now due, in order (after a late timer there may be several).
    for (let guard = 0; guard < 1_000_000; guard++) {
      const due = arrivalTimeMs(this.plan, this.next);
      if (!(due <= t && due < this.totalMs)) break;
      const k = this.next++;
      if (!ownsKey(this.options.shard, k)) continue;
      if (this.inFlight >= this.maxInFlight) {
        this.dropped++;
        this.hooks.onDropped?.(k, due);
        continue;
      }
      this.launch([k], `a${k + 1}`, due, () => {});
    }
    this.arm();
  };

  protected stop(): void {
    this.cancelTimer();
    this.finishPlan();
  }
}

class SharedIterationsExecutor extends BaseExecutor {
  private next = 0; // next iteration of the whole plan
  private cancelStart: () => void = () => {};

  constructor(
    options: ExecutorOptions,
    private readonly plan: SharedIterationsPlan,
    hooks: ExecutorHooks,
  ) {
    super(options, hooks);
    // As the other executors: the first calls start from a timer, never inside startExecutor.
    if (this.calls.signal.aborted) this.stop();
    else this.cancelStart = options.clock.setTimeout(this.startVus, 0);
  }

  targetNow(): number {
    return this.stopping ? 0 : Math.min(this.plan.vus, this.inFlight + this.left());
  }

  private left(): number {
    let n = 0;
    for (let k = this.next; k < this.plan.iterations; k++) if (ownsKey(this.options.shard, k)) n++;
    return n;
  }

  private readonly startVus = (): void => {
    const vus = Math.max(1, this.plan.vus);
    for (let v = 0; v < vus && !this.stopping; v++) this.iterate();
  };

  /** A VU takes the next iteration this shard owns; with none left, the plan ends once the last call has. */
  private iterate(): void {
    while (this.next < this.plan.iterations && !ownsKey(this.options.shard, this.next)) this.next++;
    if (this.next >= this.plan.iterations) {
      if (this.inFlight === 0) this.stop();
      return;
    }
    const i = this.next++;
    this.launch([i], sharedIterationCallId(i), this.elapsed(), () => this.iterate());
  }

  protected stop(): void {
    this.cancelStart();
    this.finishPlan();
  }
}

/** The id of shared iteration `i` (0-based): call-0001, call-0002, … */
export function sharedIterationCallId(i: number): string {
  return `call-${String(i + 1).padStart(4, '0')}`;
}

/** An AbortController that can be aborted more than once harmlessly. */
class Controller {
  private readonly c = new AbortController();
  constructor() {
    // Every call in flight listens on this one signal: thousands of listeners are expected.
    setMaxListeners(0, this.c.signal);
  }
  get signal(): AbortSignal {
    return this.c.signal;
  }
  abort(): void {
    if (!this.c.signal.aborted) this.c.abort();
  }
}
