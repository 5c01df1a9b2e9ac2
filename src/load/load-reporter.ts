/**
 * What a load run's reporters receive (src/report/reporter.ts, Reporter<LoadEvents>): the run's
 * start, each finished call's outcome with where and when it ran, each closed stats interval's
 * aggregates (as k6 outputs get periodic samples), and at the end the mergeable record with the
 * summary derived from it. Reporters see a call only once it has finished; each hook is awaited,
 * so a call's row is on disk before its VU goes on.
 */
import type { CallOutcome } from '../engine/generator/call-outcome.ts';
import type { LoadSummary } from '../report/load-types.ts';
import type { Reporter } from '../report/reporter.ts';
import type { AggregatesView } from './aggregates.ts';
import type { LoadRecord, TimelineEntry } from './load-record.ts';

export interface LoadRunStart {
  outDir: string;
  agentUrl: string;
  /** The executor's name ("constant-vus", …, "find-limit"). */
  executor: string;
  shard: string;
  seed: number;
  statsIntervalSec: number;
  scenarios: LoadRecord['scenarios'];
}

/** Where and when a call ran: calls.csv's load columns (src/load/calls-csv.ts). */
export interface CallContext {
  thread: string;
  shard: string;
  /** find-limit: the concurrency of the step the call belonged to. */
  stepConcurrency: number | null;
  startedSec: number;
  endedSec: number;
  /** The generator had been marked the bottleneck when the call ended. */
  generatorBottleneck: boolean;
}

export interface FinishedLoadCall {
  outcome: CallOutcome;
  context: CallContext;
}

/** One closed stats interval. */
export interface IntervalSnapshot {
  /** The interval's timeline entry: when it ended, calls in flight, the executor's target, the generator's health. */
  at: Omit<TimelineEntry, 'interval'>;
  /** What was measured in this interval only. */
  interval: AggregatesView;
  /** What was measured since the run started, this interval included. */
  total: AggregatesView;
  /** When the generator became the bottleneck (seconds since the origin), null if it has not. */
  bottleneckSinceSec: number | null;
}

export interface LoadRunEnd {
  record: LoadRecord;
  summary: LoadSummary;
}

export interface LoadEvents {
  plan: LoadRunStart;
  call: FinishedLoadCall;
  interval: IntervalSnapshot;
  summary: LoadRunEnd;
}

export type LoadReporter = Reporter<LoadEvents>;

/** The original error behind a reporter's failure (notifyReporters keeps it as the cause), so file-system codes survive. */
export function reporterCause(err: Error): Error {
  return err.cause instanceof Error ? err.cause : err;
}
