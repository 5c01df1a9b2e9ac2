/**
 * Is the load generator itself the bottleneck? Every second each generator thread reports a
 * ThreadSample; a thread is strained in a window when its frames went out late (p99 over 5 ms
 * or more than 1 % of them over 5 ms, and at least 10 of them), its event loop was delayed (p99 over 50 ms) or it was
 * busy over 90 % of the time. This VM stalls for 30–100 ms now and then even when idle
 * (shared/performance.md), so one strained window is noise: `sustainWindows` strained windows
 * in a row make the generator the bottleneck, from the first of them. Once marked, the run stays
 * marked: its latencies include the generator's own delays.
 */
import { loadavg } from 'node:os';
import type { GeneratorHealth, GeneratorWarning } from '../../report/load-data.ts';
import type { ThreadSample } from './thread-monitor.ts';

export interface WatchdogLimits {
  latenessP99Ms: number;
  lateShare: number;
  /**
   * Late frames a window needs before lateness counts: with a few calls, p99 of ~50 frames is
   * their maximum, and one VM hiccup would mark the generator (see the module comment).
   */
  minLateFrames: number;
  eventLoopDelayP99Ms: number;
  utilization: number;
  sustainWindows: number;
}

export const DEFAULT_LIMITS: WatchdogLimits = {
  latenessP99Ms: 5,
  lateShare: 0.01,
  minLateFrames: 10,
  eventLoopDelayP99Ms: 50,
  utilization: 0.9,
  sustainWindows: 3,
};

/** Why a thread was strained in a window (empty: it was not). */
export function strainReasons(s: ThreadSample, limits: WatchdogLimits = DEFAULT_LIMITS): string[] {
  const reasons: string[] = [];
  const enoughLate = s.framesLate5ms >= limits.minLateFrames;
  if (enoughLate && s.latenessP99Ms !== null && s.latenessP99Ms > limits.latenessP99Ms)
    reasons.push(
      `frame send lateness p99 ${s.latenessP99Ms.toFixed(1)} ms > ${limits.latenessP99Ms} ms`,
    );
  else if (enoughLate && s.framesLate5ms / s.frames > limits.lateShare)
    reasons.push(`${((100 * s.framesLate5ms) / s.frames).toFixed(1)} % of frames > 5 ms late`);
  if (s.eventLoopDelayP99Ms > limits.eventLoopDelayP99Ms)
    reasons.push(`event-loop delay p99 ${s.eventLoopDelayP99Ms.toFixed(0)} ms`);
  if (s.utilization > limits.utilization)
    reasons.push(`thread busy ${(100 * s.utilization).toFixed(0)} % of the time`);
  return reasons;
}

export type GeneratorState = 'ok' | 'strained' | 'bottleneck';

export class GeneratorWatchdog {
  private streak = 0;
  private streakStartSec = 0;
  private inBottleneckStreak = false;
  private sinceSec: number | null = null;
  private readonly warnings: GeneratorWarning[] = [];
  private readonly eldTotal = new Map<string, number>();
  private lastStrained = false;
  private sampled = 0;
  private strainedCount = 0;

  constructor(private readonly limits: WatchdogLimits = DEFAULT_LIMITS) {}

  /**
   * One window ending at `tSec` (lasting `windowSec`): returns the warnings it raised, to show live.
   */
  observe(tSec: number, windowSec: number, samples: readonly ThreadSample[]): GeneratorWarning[] {
    for (const s of samples) this.eldTotal.set(s.thread, s.eventLoopDelayP99MsTotal);
    const strained = samples
      .map((s) => ({ s, reasons: strainReasons(s, this.limits) }))
      .filter((x) => x.reasons.length > 0);
    this.lastStrained = strained.length > 0;
    this.sampled++;
    if (this.lastStrained) this.strainedCount++;
    const raised: GeneratorWarning[] = [];
    if (strained.length === 0) {
      if (this.inBottleneckStreak)
        raised.push({
          tSec: round1(tSec),
          message: 'generator recovered: its threads keep pace again',
        });
      this.streak = 0;
      this.inBottleneckStreak = false;
    } else {
      if (this.streak === 0) this.streakStartSec = tSec - windowSec;
      this.streak++;
      if (this.streak >= this.limits.sustainWindows && !this.inBottleneckStreak) {
        this.inBottleneckStreak = true;
        this.sinceSec ??= round1(this.streakStartSec);
        const why = strained.map((x) => `${x.s.thread}: ${x.reasons.join(', ')}`).join('; ');
        raised.push({
          tSec: round1(this.streakStartSec),
          message: `the load generator is the bottleneck (for ${this.streak} s from t=${round1(this.streakStartSec)} s): ${why} — latencies from here on include the generator's own delay (machine load average ${loadavg()[0].toFixed(2)}: other processes may be taking the CPU)`,
        });
      }
    }
    // A run can flap for hours: keep the first warnings, which say when it started.
    for (const w of raised) if (this.warnings.length < 100) this.warnings.push(w);
    return raised;
  }

  get state(): GeneratorState {
    if (this.inBottleneckStreak) return 'bottleneck';
    return this.lastStrained ? 'strained' : 'ok';
  }

  /** How many windows were observed, and in how many some thread was strained. */
  get windows(): { sampled: number; strained: number } {
    return { sampled: this.sampled, strained: this.strainedCount };
  }

  get bottleneckSinceSec(): number | null {
    return this.sinceSec;
  }

  /** The load.json `generator` block; CPU and lateness come from the caller (process-wide and merged). */
  health(cpuPercent: number, sendLatenessP99Ms: number): GeneratorHealth {
    return {
      bottleneck: this.sinceSec !== null,
      bottleneckSinceSec: this.sinceSec,
      eventLoopDelayP99Ms: Math.max(0, ...this.eldTotal.values()),
      cpuPercent: Math.round(cpuPercent * 10) / 10,
      sendLatenessP99Ms: Math.round(sendLatenessP99Ms * 100) / 100,
      warnings: [...this.warnings],
    };
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
