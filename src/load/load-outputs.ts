/**
 * Derives the human- and report-facing files from a LoadRecord, each written by its reporter:
 * summary.json (the run summary's shape where it applies: calls, metrics as distributions,
 * thresholds, generator) and load.json (LoadReportData, read by the HTML report). A run where
 * the generator was the bottleneck says so in both.
 */
import { writeFileAtomic } from '../report/atomic-write.ts';
import { join } from 'node:path';
import type { LoadReportData, LoadTimelinePoint } from '../report/load-data.ts';
import type { LoadSummary } from '../report/load-types.ts';
import { LoadAggregates } from './aggregates.ts';
import { evaluateLoadThresholds, loadRate } from './budget.ts';
import { histogramDistribution, percentileOf } from '../metrics/histograms.ts';
import type { LoadRecord } from './load-record.ts';
import type { LoadReporter } from './load-reporter.ts';

export function loadSummary(record: LoadRecord): LoadSummary {
  const total = LoadAggregates.fromJSON(record.total);
  const c = total.counts;
  const rate = (name: keyof LoadSummary['rates']): number | null => loadRate(name, total);
  const thresholds = evaluateLoadThresholds(record.thresholds, total);
  return {
    kind: record.merged ? 'merge' : 'load',
    executor: record.executor,
    shards: record.shards,
    seed: record.seed,
    agentUrl: record.agentUrl,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    interrupted: record.interrupted,
    passed: thresholds.every((t) => t.ok) && !record.interrupted,
    calls: {
      started: c.started,
      passed: c.passed,
      failed: c.failed,
      error: c.error,
      aborted: c.aborted,
      dropped: c.dropped,
    },
    rates: {
      call_failure_rate: rate('call_failure_rate'),
      call_pass_rate: rate('call_pass_rate'),
      offered_call_pass_rate: rate('offered_call_pass_rate'),
      entity_exact_rate: rate('entity_exact_rate'),
    },
    metrics: {
      turn_latency_ms: histogramDistribution(total.histograms.turn_latency_ms),
      ttfb_ms: histogramDistribution(total.histograms.ttfb_ms),
      call_duration_ms: histogramDistribution(total.histograms.call_duration_ms),
      send_lateness_ms: histogramDistribution(total.histograms.send_lateness_us, 0.001),
    },
    generator: {
      ...record.generator,
      framesSent: c.framesSent,
      framesLate5ms: c.framesLate5ms,
      lateShare: c.framesSent ? Math.round((c.framesLate5ms / c.framesSent) * 1e6) / 1e6 : 0,
      strainedSeconds: record.generatorWindows?.strained ?? 0,
      sampledSeconds: record.generatorWindows?.sampled ?? 0,
    },
    thresholds,
    ...(record.findLimit ? { findLimit: record.findLimit } : {}),
    scenarios: record.scenarios,
    voices: record.voices,
  };
}

export function timelinePoint(e: LoadRecord['timeline'][number]): LoadTimelinePoint {
  const a = LoadAggregates.fromJSON(e.interval);
  const p = (q: number): number | null => {
    const v = percentileOf(a.histograms.turn_latency_ms, q);
    return v === null ? null : Math.round(v * 10) / 10;
  };
  return {
    tSec: e.tSec,
    activeCalls: e.activeCalls,
    ...(e.targetConcurrency !== undefined ? { targetConcurrency: e.targetConcurrency } : {}),
    ...(e.arrivalRatePerSec !== undefined ? { arrivalRatePerSec: e.arrivalRatePerSec } : {}),
    startedCalls: a.counts.started,
    // Every call that ended in the interval, whatever its status; failedCalls is the failed or errored part of it.
    completedCalls: a.finished,
    failedCalls: a.counts.failed + a.counts.error,
    droppedCalls: a.counts.dropped,
    turnLatencyP50Ms: p(50),
    turnLatencyP95Ms: p(95),
  };
}

export function loadReportData(record: LoadRecord): LoadReportData {
  return {
    executor: record.executor,
    timeline: record.timeline.map(timelinePoint),
    ...(record.findLimit
      ? {
          findLimit: {
            budget: record.findLimit.budget,
            steps: record.findLimit.steps,
            limit: record.findLimit.limit,
          },
        }
      : {}),
    generator: record.generator,
  };
}

/** summary.json, from the summary the run's end carries (derived from the record). */
export function loadSummaryJsonReporter(dir: string): LoadReporter {
  return {
    name: 'summary.json',
    onRunEnd: ({ summary }) =>
      writeFileAtomic(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n'),
  };
}

/** load.json: the run over time, the find-limit steps and the generator's health, for the reports. */
export function loadJsonReporter(dir: string): LoadReporter {
  return {
    name: 'load.json',
    onRunEnd: ({ record }) =>
      writeFileAtomic(
        join(dir, 'load.json'),
        JSON.stringify(loadReportData(record), null, 2) + '\n',
      ),
  };
}
