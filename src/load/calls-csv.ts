/**
 * `calls.csv` for a load run: `callbench run`'s call columns plus where and when the call ran.
 * Rows are appended as calls end (nothing of a call is kept after its row is written), and the
 * append resolves once the row is in the file.
 */
import { writeFile } from 'node:fs/promises';
import { CALL_COLUMNS, toCsv } from '../report/csv.ts';
import { AppendQueue } from '../report/append-queue.ts';
import type { CallOutcome, CsvCell } from '../engine/generator/call-outcome.ts';

export const LOAD_CALL_COLUMNS = [...CALL_COLUMNS, 'voice', 'thread', 'shard', 'step_concurrency', 'started_s', 'ended_s', 'generator_bottleneck'] as const;

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

export class CallsCsvWriter {
  private readonly queue: AppendQueue;
  constructor(private readonly path: string) {
    this.queue = new AppendQueue(path);
  }
  async start(): Promise<void> {
    await writeFile(this.path, toCsv([], LOAD_CALL_COLUMNS, true));
  }
  append(row: Record<string, CsvCell>): Promise<void> {
    return this.queue.append(toCsv([row], LOAD_CALL_COLUMNS, false));
  }
}
