/**
 * `callbench merge`: combines the outputs of shard runs (`--shard i/n`) into one report.
 * Histograms are added (the merged p95 is the p95 of all samples, never an average of shard
 * p95s), counts summed, stats intervals aligned by the wall-clock time they cover (merge-alignment.ts),
 * thresholds re-evaluated on the merged data, calls.csv concatenated. The generator counts as the
 * bottleneck if it was on any shard, from the earliest moment.
 */
import { createReadStream } from 'node:fs';
import { mkdir, writeFile, appendFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { LoadAggregates } from './aggregates.ts';
import { enforceMergeChecks, type MergeOptions } from './merge-checks.ts';
import { readLoadRecord, writeLoadRecord, type LoadRecord } from './load-record.ts';
import { mergeTimelines, shardStarts } from './merge-alignment.ts';
import type { LoadSummary } from '../report/load-types.ts';
import { writeDerivedLoadReports } from './load-reporters.ts';
import { writeStatsCsv } from './stats-csv.ts';

export function mergeRecords(records: readonly LoadRecord[]): LoadRecord {
  if (records.length === 0) throw new Error('nothing to merge');
  const first = records[0];
  const executors = new Set(records.map((r) => r.executor));
  if (executors.size > 1)
    throw new Error(`cannot merge runs of different executors: ${[...executors].join(', ')}`);
  if (records.some((r) => r.findLimit))
    throw new Error('cannot merge --find-limit runs: each search adapts to what it measured');
  // Overlapping shards and runs that are not shards of one test are refused by merge-checks.ts
  // (mergeDirectories), before this adds anything up.
  const shards = records.flatMap((r) => r.shards);

  const total = new LoadAggregates();
  for (const r of records) total.add(LoadAggregates.fromJSON(r.total));
  const timeline = mergeTimelines(records);
  const since = records
    .map((r) => r.generator.bottleneckSinceSec)
    .filter((x): x is number => x !== null);
  const lateness = total.histograms.send_lateness_us;
  return {
    ...first,
    merged: true,
    shards,
    startedAt: records.map((r) => r.startedAt).sort()[0],
    finishedAt:
      records
        .map((r) => r.finishedAt)
        .sort()
        .at(-1) ?? first.finishedAt,
    interrupted: records.some((r) => r.interrupted),
    agentUrl: [...new Set(records.map((r) => r.agentUrl))].join(' '),
    total: total.toJSON(),
    timeline,
    shardStarts: shardStarts(records),
    generatorWindows: {
      sampled: records.reduce((a, r) => a + (r.generatorWindows?.sampled ?? 0), 0),
      strained: records.reduce((a, r) => a + (r.generatorWindows?.strained ?? 0), 0),
    },
    generator: {
      bottleneck: since.length > 0,
      bottleneckSinceSec: since.length ? Math.min(...since) : null,
      eventLoopDelayP99Ms: Math.max(...records.map((r) => r.generator.eventLoopDelayP99Ms)),
      cpuPercent: Math.max(...records.map((r) => r.generator.cpuPercent)),
      sendLatenessP99Ms: lateness.totalCount
        ? Math.round(lateness.getValueAtPercentile(99) / 10) / 100
        : 0,
      warnings: records.flatMap((r) =>
        r.generator.warnings.map((w) => ({
          ...w,
          message: `shard ${r.shards.join('+')}: ${w.message}`,
        })),
      ),
    },
  };
}

/** Reads shard output directories and writes the merged report to `outDir`. */
export async function mergeDirectories(
  dirs: readonly string[],
  outDir: string,
  options: MergeOptions = {},
): Promise<LoadSummary> {
  const records = await Promise.all(dirs.map((d) => readLoadRecord(d)));
  enforceMergeChecks(dirs, records, options);
  const merged = mergeRecords(records);
  const out = resolve(outDir);
  await mkdir(out, { recursive: true });
  await writeLoadRecord(out, merged);
  await writeStatsCsv(out, merged);
  await concatenateCsv(
    dirs.map((d) => join(d, 'calls.csv')),
    join(out, 'calls.csv'),
  );
  return writeDerivedLoadReports(out, merged);
}

/** Concatenates CSV files that share a header, streaming (calls.csv can be large). */
async function concatenateCsv(inputs: readonly string[], output: string): Promise<void> {
  await writeFile(output, '');
  let header: string | null = null;
  for (const input of inputs) {
    const lines = createInterface({ input: createReadStream(input), crlfDelay: Infinity });
    let first = true;
    let batch: string[] = [];
    for await (const line of lines) {
      if (first) {
        first = false;
        if (header === null) {
          header = line;
          batch.push(line);
        } else if (line !== header)
          throw new Error(`${input}: its columns differ from the other shards' calls.csv`);
        continue;
      }
      if (line !== '') batch.push(line);
      if (batch.length >= 1000) {
        await appendFile(output, batch.join('\n') + '\n');
        batch = [];
      }
    }
    if (batch.length) await appendFile(output, batch.join('\n') + '\n');
  }
}
