/**
 * One pacing clock for every call in the process (see shared/performance.md).
 *
 * Calls are spread over `phaseCount` phases of the 20 ms period, each phase a bucket with a
 * fixed due time that advances by exactly 20 ms per tick (`due += 20`, never "20 ms after the
 * callback ran"), so lateness never accumulates into drift. A single timer wakes for the next
 * due bucket. A new call joins the least-loaded phase, so sends are spread evenly instead of
 * bursting all at once.
 */
import { FRAME_MS } from '../audio/constants.ts';

export interface FrameTask {
  /** Called once per 20 ms at the task's due time; `dueMs` is that time on the performance clock. */
  onFrame(dueMs: number, nowMs: number): void;
}

export interface Registration {
  /** The first due time on the performance clock; later ones are this + 20 ms × k. */
  readonly firstDueMs: number;
  cancel(): void;
}

export interface LatenessObserver {
  (lateMs: number): void;
}

interface Bucket {
  phaseMs: number;
  dueMs: number; // next due time; meaningful only while tasks.size > 0
  tasks: Set<FrameTask>;
}

export class FrameScheduler {
  private readonly buckets: Bucket[];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private timerDueMs = Infinity;
  private taskCount = 0;
  private readonly observers = new Set<LatenessObserver>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    phaseCount = 20,
  ) {
    this.buckets = Array.from({ length: phaseCount }, (_, i) => ({
      phaseMs: (i * FRAME_MS) / phaseCount,
      dueMs: Infinity,
      tasks: new Set<FrameTask>(),
    }));
  }

  get activeTasks(): number {
    return this.taskCount;
  }

  /** Sees the lateness of every tick (for generator health: share of late frames, p99). */
  observeLateness(observer: LatenessObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Schedules `task` every 20 ms from the first due time at or after `earliestMs`. */
  register(task: FrameTask, earliestMs: number): Registration {
    const bucket = this.leastLoadedBucket();
    let firstDue: number;
    if (bucket.tasks.size > 0) {
      // Join the bucket's cadence: the next bucket due at or after earliestMs.
      const periods = Math.max(0, Math.ceil((earliestMs - bucket.dueMs) / FRAME_MS));
      firstDue = bucket.dueMs + periods * FRAME_MS;
    } else {
      const base = Math.floor(earliestMs / FRAME_MS) * FRAME_MS + bucket.phaseMs;
      firstDue = base >= earliestMs ? base : base + FRAME_MS;
    }
    // A task joining a running bucket waits (skips ticks) until its own first due time.
    const gated = new GatedTask(task, firstDue);
    if (bucket.tasks.size === 0) bucket.dueMs = firstDue;
    bucket.tasks.add(gated);
    this.taskCount++;
    this.arm();
    let cancelled = false;
    return {
      firstDueMs: firstDue,
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        bucket.tasks.delete(gated);
        this.taskCount--;
        if (bucket.tasks.size === 0) bucket.dueMs = Infinity;
        if (this.taskCount === 0) this.disarm();
      },
    };
  }

  private leastLoadedBucket(): Bucket {
    let best = this.buckets[0];
    for (const b of this.buckets) if (b.tasks.size < best.tasks.size) best = b;
    return best;
  }

  private arm(): void {
    let next = Infinity;
    for (const b of this.buckets) if (b.tasks.size > 0 && b.dueMs < next) next = b.dueMs;
    if (next === Infinity) return this.disarm();
    if (this.immediate || (this.timer && this.timerDueMs <= next)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDueMs = next;
    this.timer = setTimeout(this.tick, Math.max(0, next - this.now()));
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    this.timerDueMs = Infinity;
  }

  private readonly tick = (): void => {
    this.timer = null;
    this.immediate = null;
    this.timerDueMs = Infinity;
    // Run due buckets, earliest first, until caught up, but at most one full period of them
    // before the event loop gets to read sockets: sends come first (they are what lateness
    // measures), yet a long stall must not starve reads (unread sockets make every write dearer).
    for (let n = 0; n < this.buckets.length; n++) {
      const now = this.now();
      let bucket: Bucket | null = null;
      for (const b of this.buckets)
        if (b.tasks.size > 0 && b.dueMs <= now && (!bucket || b.dueMs < bucket.dueMs)) bucket = b;
      if (!bucket) break;
      const dueMs = bucket.dueMs;
      bucket.dueMs += FRAME_MS;
      for (const task of bucket.tasks) {
        const t = this.now();
        for (const observe of this.observers) observe(t - dueMs);
        task.onFrame(dueMs, t);
      }
    }
    // Behind schedule: come back right after this iteration's I/O (a bucket far behind runs once
    // per missed period, so each task still sees every frame and reports how late it was).
    if (this.taskCount > 0 && this.buckets.some((b) => b.tasks.size > 0 && b.dueMs <= this.now())) {
      this.immediate = setImmediate(this.tick);
      return;
    }
    this.arm();
  };
}

/** Wraps a task so that it ignores ticks before its own first due time. */
class GatedTask implements FrameTask {
  constructor(
    private readonly inner: FrameTask,
    private readonly firstDueMs: number,
  ) {}
  onFrame(dueMs: number, nowMs: number): void {
    if (dueMs < this.firstDueMs - 0.001) return;
    this.inner.onFrame(dueMs, nowMs);
  }
}
