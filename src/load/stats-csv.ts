/**
 * `stats.csv`: one row per stats interval (10 s by default) with interval and cumulative
 * columns, like SIPp's `-trace_stat`. Appended live during a run (a crashed run still leaves
 * its rows); rebuilt from the timeline when shard records are merged.
 */
import { writeFile } from 'node:fs/promises';
import { writeFileAtomic } from '../report/atomic-write.ts';
import { join } from 'node:path';
import { toCsv } from '../report/csv.ts';
import { AppendQueue } from '../report/append-queue.ts';
import { LoadAggregates, type AggregatesView } from './aggregates.ts';
import type { LoadReporter } from './load-reporter.ts';
import { percentileOf } from '../metrics/histograms.ts';
import type { LoadRecord, TimelineEntry } from './load-record.ts';

export const STATS_COLUMNS = [
  'elapsed_s',
  'active_calls',
  'target_vus',
  'target_rate_per_s',
  'started_interval',
  'started_total',
  'ended_interval',
  'ended_total',
  'passed_interval',
  'passed_total',
  'failed_interval',
  'failed_total',
  'dropped_interval',
  'dropped_total',
  'turn_latency_p50_ms_interval',
  'turn_latency_p95_ms_interval',
  'turn_latency_p50_ms_total',
  'turn_latency_p95_ms_total',
  'turn_latency_p99_ms_total',
  'send_lateness_p99_ms_interval',
  'frames_late_5ms_interval',
  'event_loop_delay_p99_ms',
  'cpu_percent',
  'generator_bottleneck',
] as const;

type Cell = string | number | boolean | null;

export function statsRow(
  e: Omit<TimelineEntry, 'interval'>,
  interval: AggregatesView,
  total: AggregatesView,
  bottleneckSinceSec: number | null,
): Record<(typeof STATS_COLUMNS)[number], Cell> {
  const ms = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);
  const i = interval.counts;
  const t = total.counts;
  return {
    elapsed_s: e.tSec,
    active_calls: e.activeCalls,
    target_vus: e.targetConcurrency ?? null,
    target_rate_per_s: e.arrivalRatePerSec ?? null,
    started_interval: i.started,
    started_total: t.started,
    ended_interval: interval.finished,
    ended_total: total.finished,
    passed_interval: i.passed,
    passed_total: t.passed,
    failed_interval: i.failed + i.error,
    failed_total: t.failed + t.error,
    dropped_interval: i.dropped,
    dropped_total: t.dropped,
    turn_latency_p50_ms_interval: ms(percentileOf(interval.histograms.turn_latency_ms, 50)),
    turn_latency_p95_ms_interval: ms(percentileOf(interval.histograms.turn_latency_ms, 95)),
    turn_latency_p50_ms_total: ms(percentileOf(total.histograms.turn_latency_ms, 50)),
    turn_latency_p95_ms_total: ms(percentileOf(total.histograms.turn_latency_ms, 95)),
    turn_latency_p99_ms_total: ms(percentileOf(total.histograms.turn_latency_ms, 99)),
    send_lateness_p99_ms_interval: ms(
      percentileOf(interval.histograms.send_lateness_us, 99, 0.001),
    ),
    frames_late_5ms_interval: i.framesLate5ms,
    event_loop_delay_p99_ms: e.eventLoopDelayP99Ms,
    cpu_percent: e.cpuPercent,
    generator_bottleneck: bottleneckSinceSec !== null && bottleneckSinceSec < e.tSec,
  };
}

/** stats.csv written live: the header when the run starts, then a row as each stats interval closes. */
export function statsCsvReporter(outDir: string): LoadReporter {
  const path = join(outDir, 'stats.csv');
  const queue = new AppendQueue(path);
  return {
    name: 'stats.csv',
    onRunStart: () => writeFile(path, toCsv([], STATS_COLUMNS, true)),
    onInterval: (s) =>
      queue.append(
        toCsv([statsRow(s.at, s.interval, s.total, s.bottleneckSinceSec)], STATS_COLUMNS, false),
      ),
  };
}

/** stats.csv from a (merged) record's timeline; cumulative columns are the running sums. */
export async function writeStatsCsv(dir: string, record: LoadRecord): Promise<void> {
  const total = new LoadAggregates();
  const rows = record.timeline.map((e) => {
    const interval = LoadAggregates.fromJSON(e.interval);
    total.add(interval);
    return statsRow(e, interval, total, record.generator.bottleneckSinceSec);
  });
  await writeFileAtomic(join(dir, 'stats.csv'), toCsv(rows, STATS_COLUMNS, true));
}
