/**
 * `calls.csv` for a load run: `callbench run`'s call columns plus where and when the call ran.
 * Rows are appended as calls end (nothing of a call is kept after its row is written), and the
 * reporter's onCallEnd resolves once the row is in the file.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CALL_COLUMNS, toCsv } from '../report/csv.ts';
import { AppendQueue } from '../report/append-queue.ts';
import type { CallOutcome, CsvCell } from '../engine/generator/call-outcome.ts';
import type { CallContext, LoadReporter } from './load-reporter.ts';

export const LOAD_CALL_COLUMNS = [
  ...CALL_COLUMNS,
  'voice',
  'thread',
  'shard',
  'step_concurrency',
  'started_s',
  'ended_s',
  'generator_bottleneck',
] as const;

export function loadCallRow(o: CallOutcome, ctx: CallContext): Record<string, CsvCell> {
  return {
    ...o.row,
    voice: o.voice,
    thread: ctx.thread,
    shard: ctx.shard,
    step_concurrency: ctx.stepConcurrency,
    started_s: Math.round(ctx.startedSec * 1000) / 1000,
    ended_s: Math.round(ctx.endedSec * 1000) / 1000,
    generator_bottleneck: ctx.generatorBottleneck,
  };
}

/** calls.csv: the header when the run starts, then a row as each call ends, in the file before the hook resolves. */
export function callsCsvReporter(outDir: string): LoadReporter {
  const path = join(outDir, 'calls.csv');
  const queue = new AppendQueue(path);
  return {
    name: 'calls.csv',
    onRunStart: () => writeFile(path, toCsv([], LOAD_CALL_COLUMNS, true)),
    onCallEnd: ({ outcome, context }) =>
      queue.append(toCsv([loadCallRow(outcome, context)], LOAD_CALL_COLUMNS, false)),
  };
}
