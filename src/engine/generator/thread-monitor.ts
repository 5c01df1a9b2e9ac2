/**
 * One thread measuring itself, for the generator watchdog: event-loop delay (perf_hooks),
 * event-loop utilization (how busy the thread was: its CPU share, per thread), and the send
 * lateness of every 20 ms frame its scheduler paced. `sample()` returns what happened since the
 * previous sample and starts a new interval.
 */
import {
  monitorEventLoopDelay,
  performance,
  type EventLoopUtilization,
  type IntervalHistogram,
} from 'node:perf_hooks';
import type { FrameScheduler } from '../../caller/scheduler.ts';
import { newHistogram, record, type Histogram } from '../../metrics/histograms.ts';

/** A frame sent this much after its due time counts as late (as framesLate5ms in call_ended). */
export const LATE_FRAME_MS = 5;
/** The event-loop delay timer's period; its readings include it, so it is subtracted. */
const ELD_RESOLUTION_MS = 5;

export interface ThreadSample {
  thread: string;
  /** Event-loop delay p99 in this interval, ms (beyond the timer's own period). */
  eventLoopDelayP99Ms: number;
  /** Event-loop delay p99 since the monitor started, ms. */
  eventLoopDelayP99MsTotal: number;
  /** Share of the interval the thread was busy (0–1). */
  utilization: number;
  frames: number;
  framesLate5ms: number;
  /** Frame send lateness p99 in this interval, ms; null when no frame was sent. */
  latenessP99Ms: number | null;
}

export class ThreadMonitor {
  private readonly interval: IntervalHistogram = monitorEventLoopDelay({
    resolution: ELD_RESOLUTION_MS,
  });
  private readonly total: IntervalHistogram = monitorEventLoopDelay({
    resolution: ELD_RESOLUTION_MS,
  });
  private elu: EventLoopUtilization = performance.eventLoopUtilization();
  private lateness: Histogram = newHistogram();
  private frames = 0;
  private late = 0;

  constructor(readonly thread: string) {
    this.interval.enable();
    this.total.enable();
  }

  /** Records the lateness of every frame `scheduler` sends (µs). Returns a function that stops. */
  watch(scheduler: FrameScheduler): () => void {
    return scheduler.observeLateness((lateMs) => this.recordLateness(lateMs));
  }

  recordLateness(lateMs: number): void {
    this.frames++;
    if (lateMs > LATE_FRAME_MS) this.late++;
    record(this.lateness, lateMs * 1000);
  }

  /** What happened since the last sample; the interval's lateness histogram (µs) is handed over. */
  sample(): { sample: ThreadSample; lateness: Histogram } {
    const elu = performance.eventLoopUtilization(this.elu);
    this.elu = performance.eventLoopUtilization();
    const delay = (h: IntervalHistogram): number =>
      h.count === 0 ? 0 : Math.max(0, h.percentile(99) / 1e6 - ELD_RESOLUTION_MS);
    const lateness = this.lateness;
    const sample: ThreadSample = {
      thread: this.thread,
      eventLoopDelayP99Ms: round2(delay(this.interval)),
      eventLoopDelayP99MsTotal: round2(delay(this.total)),
      utilization: round2(elu.utilization),
      frames: this.frames,
      framesLate5ms: this.late,
      latenessP99Ms:
        lateness.totalCount === 0 ? null : round2(lateness.getValueAtPercentile(99) / 1000),
    };
    this.interval.reset();
    this.lateness = newHistogram();
    this.frames = 0;
    this.late = 0;
    return { sample, lateness };
  }

  close(): void {
    this.interval.disable();
    this.total.disable();
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
