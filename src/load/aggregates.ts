/**
 * Everything a load run (or one interval, or one find-limit step) measured, in constant memory:
 * counters and HDR histograms. Serializable (histograms as base64 HDR encodings) and mergeable
 * by addition, so shards and threads combine exactly.
 */
import type { CallOutcome } from '../engine/generator/call-outcome.ts';
import { endedOnItsOwn, type CallCounts } from '../metrics/registry.ts';
import {
  decodeHistogram,
  encodeHistogram,
  newHistogram,
  record,
  type Histogram,
} from '../metrics/histograms.ts';

/** The metric registry's call counts, plus the generator's own pacing counts. */
export interface LoadCounts extends CallCounts {
  /** Frames paced by the generator's schedulers, and those sent over 5 ms after their due time. */
  framesSent: number;
  framesLate5ms: number;
}

export const HISTOGRAM_NAMES = [
  'turn_latency_ms',
  'ttfb_ms',
  'call_duration_ms',
  'send_lateness_us',
] as const;
export type HistogramName = (typeof HISTOGRAM_NAMES)[number];

export interface SerializedAggregates {
  counts: LoadCounts;
  /** base64 HDR encodings (hdr-histogram-js encodeIntoCompressedBase64). */
  histograms: Record<HistogramName, string>;
}

export function emptyCounts(): LoadCounts {
  return {
    started: 0,
    passed: 0,
    failed: 0,
    error: 0,
    aborted: 0,
    dropped: 0,
    entities: 0,
    entitiesExact: 0,
    framesSent: 0,
    framesLate5ms: 0,
  };
}

/** Aggregates handed to reporters: read them during the hook, keep a copy of what you need later. */
export interface AggregatesView {
  readonly counts: Readonly<LoadCounts>;
  readonly histograms: Readonly<Record<HistogramName, Histogram>>;
  /** Calls that ended (passed, failed, error or aborted). */
  readonly finished: number;
}

export class LoadAggregates implements AggregatesView {
  readonly counts: LoadCounts = emptyCounts();
  readonly histograms: Record<HistogramName, Histogram> = {
    turn_latency_ms: newHistogram(),
    ttfb_ms: newHistogram(),
    call_duration_ms: newHistogram(),
    send_lateness_us: newHistogram(),
  };

  /** Calls that ended (passed, failed, error or aborted). */
  get finished(): number {
    const c = this.counts;
    return c.passed + c.failed + c.error + c.aborted;
  }

  recordStarted(): void {
    this.counts.started++;
  }

  recordDropped(): void {
    this.counts.dropped++;
  }

  recordOutcome(o: CallOutcome): void {
    if (o.status !== 'not_started') this.counts[o.status]++; // a load run records only calls it started
    for (const v of o.turnLatenciesMs) record(this.histograms.turn_latency_ms, v);
    for (const v of o.ttfbsMs) record(this.histograms.ttfb_ms, v);
    if (o.durationMs !== null) record(this.histograms.call_duration_ms, o.durationMs);
    // As entity_exact_rate: a call the harness hung up (graceful stop, Ctrl-C) often had its
    // values said but not yet used (agents make the tool call after the read-back): no evidence.
    if (!endedOnItsOwn(o.status)) return;
    this.counts.entities += o.entityExact.length;
    this.counts.entitiesExact += o.entityExact.filter(Boolean).length;
  }

  /**
   * Adds the send lateness (µs) of frames a scheduler paced, as it happens (not when calls end,
   * so each interval holds the frames sent in it).
   */
  addLateness(h: Histogram, framesLate5ms: number): void {
    this.histograms.send_lateness_us.add(h);
    this.counts.framesSent += h.totalCount;
    this.counts.framesLate5ms += framesLate5ms;
  }

  add(other: LoadAggregates): void {
    for (const k of Object.keys(this.counts) as (keyof LoadCounts)[])
      this.counts[k] += other.counts[k];
    for (const name of HISTOGRAM_NAMES) this.histograms[name].add(other.histograms[name]);
  }

  toJSON(): SerializedAggregates {
    const histograms = {} as Record<HistogramName, string>;
    for (const name of HISTOGRAM_NAMES) histograms[name] = encodeHistogram(this.histograms[name]);
    return { counts: { ...this.counts }, histograms };
  }

  static fromJSON(s: SerializedAggregates): LoadAggregates {
    const a = new LoadAggregates();
    Object.assign(a.counts, s.counts);
    for (const name of HISTOGRAM_NAMES)
      if (s.histograms[name]) a.histograms[name].add(decodeHistogram(s.histograms[name]));
    return a;
  }
}
