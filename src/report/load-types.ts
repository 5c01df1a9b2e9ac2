/**
 * The shapes of a load run that the report layer draws from, produced by src/load/: summary.json
 * (LoadSummary) and the calls.csv sample the HTML report shows. Defined here so report/ reads a
 * load run without importing load/ (which writes through report/).
 */
import type { Distribution } from '../metrics/percentiles.ts';
import type { ThresholdResult } from '../thresholds/evaluate.ts';
import type { Threshold } from '../thresholds/parse.ts';
import type { FindLimitStep, GeneratorHealth } from './load-data.ts';

/** A scenario of a load run's mix, with its share of the calls. */
export interface LoadScenarioWeight {
  name: string;
  file: string;
  weight: number;
}

/** What `--find-limit` found: the budget, the levels tried and the largest that held. */
export interface FindLimitResult {
  budget: string;
  budgets: Threshold[];
  limit: number | null;
  steps: FindLimitStep[];
}

/** A load run's summary.json (its identity fields are the mergeable record's, src/load/load-record.ts). */
export interface LoadSummary {
  /** `load`, or `merge` for the merge of sharded load runs (docs/summary.schema.json; a run's is `run`). */
  kind: 'load' | 'merge';
  executor: string;
  shards: string[];
  seed: number;
  agentUrl: string;
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
  /** Did the run pass: every threshold held (calls that fail under load do not fail it by themselves, as in k6). */
  passed: boolean;
  calls: {
    started: number;
    passed: number;
    failed: number;
    error: number;
    aborted: number;
    dropped: number;
  };
  rates: Record<
    'call_failure_rate' | 'call_pass_rate' | 'offered_call_pass_rate' | 'entity_exact_rate',
    number | null
  >;
  metrics: {
    turn_latency_ms: Distribution;
    ttfb_ms: Distribution;
    call_duration_ms: Distribution;
    send_lateness_ms: Distribution;
  };
  generator: GeneratorHealth & {
    framesSent: number;
    framesLate5ms: number;
    lateShare: number;
    strainedSeconds: number;
    sampledSeconds: number;
  };
  thresholds: ThresholdResult[];
  findLimit?: FindLimitResult;
  scenarios: LoadScenarioWeight[];
  voices: string[] | null;
}

/** The columns of a load calls.csv row the report shows (see src/load/calls-csv.ts). */
export interface SampledCall {
  callId: string;
  scenario: string;
  status: string;
  reason: string;
  voice: string;
  durationMs: number | null;
  turnCount: number | null;
  turnLatencyP50Ms: number | null;
  turnLatencyMaxMs: number | null;
  /** Seconds since the load run started. */
  startedSec: number | null;
  /** find-limit: the concurrency of the step the call ran in. */
  stepConcurrency: number | null;
}

export interface ScenarioCounts {
  scenario: string;
  calls: number;
  passed: number;
}

/** calls.csv read back in bounded memory (src/load/calls-csv-sample.ts). */
export interface CallsSample {
  total: number;
  byStatus: Record<string, number>;
  scenarios: ScenarioCounts[];
  /** Failure reasons by how many calls gave them, most common first. */
  reasons: { reason: string; calls: number }[];
  /** Failed, errored or aborted calls in the order they ended, the first `maxFailed`. */
  failed: SampledCall[];
  failedTotal: number;
  /** An even sample of passing calls over the run, in the order they ended. */
  passing: SampledCall[];
  passingTotal: number;
}
