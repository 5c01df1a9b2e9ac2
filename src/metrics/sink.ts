/**
 * Where a metric's samples go, and what thresholds read back (k6's metrics/sink.go): a trend
 * answers percentiles, mean, min, max and count; a rate answers how many of its outcomes were
 * true, of how many. Two implementations of each reading: exact (every value kept: a run's few
 * hundred calls) and HDR (constant memory, mergeable: a load run's thousands). Thresholds and
 * budgets evaluate this interface, so they cannot tell the two apart.
 */
import { minValue, type Histogram } from './histograms.ts';
import { percentileOfSorted } from './percentiles.ts';

export interface TrendSink {
  readonly kind: 'trend';
  readonly count: number;
  /** null when there are no samples. */
  percentile(p: number): number | null;
  mean(): number | null;
  min(): number | null;
  max(): number | null;
}

export interface RateSink {
  readonly kind: 'rate';
  /** Outcomes that were true. */
  readonly passes: number;
  readonly total: number;
}

export type Sink = TrendSink | RateSink;

/** A trend over every sample, percentiles interpolated as in every report (src/metrics/percentiles.ts). */
export class ExactTrend implements TrendSink {
  readonly kind = 'trend';
  private readonly sorted: number[];

  constructor(values: readonly number[]) {
    this.sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  }

  get count(): number {
    return this.sorted.length;
  }
  percentile(p: number): number | null {
    return percentileOfSorted(this.sorted, p);
  }
  mean(): number | null {
    return this.sorted.length ? this.sorted.reduce((s, v) => s + v, 0) / this.sorted.length : null;
  }
  min(): number | null {
    return this.sorted.length ? this.sorted[0] : null;
  }
  max(): number | null {
    return this.sorted.length ? this.sorted[this.sorted.length - 1] : null;
  }
}

/** A trend read from an HDR histogram whose stored values times `scale` are the metric's unit. */
export class HdrTrend implements TrendSink {
  readonly kind = 'trend';

  constructor(
    private readonly h: Histogram,
    private readonly scale = 1,
  ) {}

  get count(): number {
    return this.h.totalCount;
  }
  percentile(p: number): number | null {
    return this.h.totalCount ? this.h.getValueAtPercentile(p) * this.scale : null;
  }
  mean(): number | null {
    return this.h.totalCount ? this.h.mean * this.scale : null;
  }
  min(): number | null {
    return this.h.totalCount ? minValue(this.h) * this.scale : null;
  }
  max(): number | null {
    return this.h.totalCount ? this.h.maxValue * this.scale : null;
  }
}

export function rateSink(passes: number, total: number): RateSink {
  return { kind: 'rate', passes, total };
}

/** passes ÷ total, or null when nothing was counted. */
export function rateValue(s: RateSink): number | null {
  return s.total === 0 ? null : s.passes / s.total;
}
