/**
 * `histograms.json`: everything a load run measured, in mergeable form — the whole run's
 * aggregates and each stats interval's, as counters and base64 HDR histograms — plus what the
 * run was (plan, shard, seed, thresholds). summary.json, load.json and stats.csv are all derived
 * from it, so `callbench merge` adds shard records and derives the same files again.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../report/atomic-write.ts';
import { join } from 'node:path';
import type { GeneratorHealth } from '../report/load-data.ts';
import type { FindLimitResult, LoadScenarioWeight } from '../report/load-types.ts';
import type { Threshold } from '../thresholds/parse.ts';
import type { SerializedAggregates } from './aggregates.ts';
import type { LoadPlan } from '../engine/executors/plan.ts';
import type { Shard } from '../engine/executors/shard.ts';

export const LOAD_RECORD_FORMAT = 'callbench-load/1';
export const HISTOGRAMS_FILE = 'histograms.json';

/** One stats interval (10 s by default). */
export interface TimelineEntry {
  /** Seconds since the run's origin (its --start-at moment, else its start), at the interval's end. */
  tSec: number;
  activeCalls: number;
  targetConcurrency?: number;
  arrivalRatePerSec?: number;
  /** The generator in this interval: worst thread's event-loop delay p99, process CPU (% of a core). */
  eventLoopDelayP99Ms: number;
  cpuPercent: number;
  interval: SerializedAggregates;
}

export interface LoadRecord {
  format: typeof LOAD_RECORD_FORMAT;
  executor: string;
  plan: LoadPlan | null;
  /** The shard(s) this record covers, e.g. ["1/2"], or ["1/2", "2/2"] once merged. */
  shards: string[];
  /** Set by `callbench merge`: this record is the sum of others (its summary.json is of kind `merge`). */
  merged?: true;
  seed: number;
  agentUrl: string;
  /** When the plan actually started (ms precision). */
  startedAt: string;
  finishedAt: string;
  /** The agreed --start-at moment the timeline counts from; null (or absent, in older records) without one. */
  startAt?: string | null;
  /** The stats interval (absent in older records). */
  statsIntervalSec?: number;
  /** Merged records: how closely the shards' actual starts matched. */
  shardStarts?: ShardStarts;
  interrupted: boolean;
  scenarios: LoadScenarioWeight[];
  voices: string[] | null;
  thresholds: Threshold[];
  total: SerializedAggregates;
  timeline: TimelineEntry[];
  generator: GeneratorHealth;
  /** Watchdog windows (1 s) sampled, and those in which a generator thread was strained. */
  generatorWindows: { sampled: number; strained: number };
  findLimit?: FindLimitResult;
}

export interface ShardStarts {
  startAt: string | null;
  /** Latest actual start minus earliest, ms. */
  spreadMs: number;
  starts: { shard: string; startedAt: string; lateByMs: number | null }[];
}

export async function writeLoadRecord(dir: string, record: LoadRecord): Promise<void> {
  await writeFileAtomic(join(dir, HISTOGRAMS_FILE), JSON.stringify(record) + '\n');
}

export async function readLoadRecord(dir: string): Promise<LoadRecord> {
  const path = join(dir, HISTOGRAMS_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(
      `${path}: cannot read a load run's histograms (${err instanceof Error ? err.message : String(err)}); is ${dir} the --out of a \`callbench load\` run?`,
    );
  }
  if (
    !parsed ||
    typeof parsed !== 'object' ||
    (parsed as { format?: unknown }).format !== LOAD_RECORD_FORMAT
  ) {
    throw new Error(
      `${path}: not a callbench load record (expected "format": "${LOAD_RECORD_FORMAT}")`,
    );
  }
  return parsed as LoadRecord;
}

export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
