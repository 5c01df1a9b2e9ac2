/**
 * What a load run (`callbench load`) saves beside the suite outputs, as `load.json`, for the
 * reports: the run over time, the `--find-limit` steps and the generator's own health. The HTML
 * report draws its load section from this shape alone.
 */

/** One interval (10 s by default) of a load run. */
export interface LoadTimelinePoint {
  /** Seconds since the load run started, at the interval's end. */
  tSec: number;
  /** Calls in flight at the interval's end. */
  activeCalls: number;
  /** Closed model: the concurrency the executor aimed for. */
  targetConcurrency?: number;
  /** Open model: the arrival rate the executor aimed for (calls per second). */
  arrivalRatePerSec?: number;
  /** Counts within this interval. */
  startedCalls: number;
  completedCalls: number;
  failedCalls: number;
  droppedCalls: number;
  /** Turn latency of turns that ended in this interval; null when none did. */
  turnLatencyP50Ms: number | null;
  turnLatencyP95Ms: number | null;
}

/** One concurrency level tried by `--find-limit`, with the evidence for its verdict. */
export interface FindLimitStep {
  concurrency: number;
  held: boolean;
  /** Why the budget broke (null when it held). */
  reason: string | null;
  calls: number;
  turnLatencyP95Ms: number | null;
  failureRate: number;
  entityExactRate: number | null;
  /** offered_call_pass_rate over the step: passed, of the calls the step offered (ended on their own, or dropped). */
  offeredPassRate: number | null;
}

export interface GeneratorWarning {
  tSec: number;
  message: string;
}

/** The load generator measuring itself: was it, rather than the agent, the bottleneck? */
export interface GeneratorHealth {
  bottleneck: boolean;
  /** When the generator first became the bottleneck (seconds since start), null if never. */
  bottleneckSinceSec: number | null;
  eventLoopDelayP99Ms: number;
  cpuPercent: number;
  sendLatenessP99Ms: number;
  warnings: GeneratorWarning[];
}

export interface LoadReportData {
  /** e.g. "constant-vus", "ramping-vus", "constant-arrival-rate", "ramping-arrival-rate", "find-limit". */
  executor: string;
  timeline: LoadTimelinePoint[];
  findLimit?: { budget: string; steps: FindLimitStep[]; limit: number | null };
  generator: GeneratorHealth;
}
