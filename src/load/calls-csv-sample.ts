/**
 * A load run's calls.csv, read back for the report in bounded memory (the file can hold millions
 * of rows): counts per status and per scenario, the most common failure reasons, the first failed
 * calls (up to a cap) and an even sample of passing calls. Streams the file once.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CallsSample, SampledCall, ScenarioCounts } from '../report/load-types.ts';

export const MAX_FAILED_ROWS = 200;
export const MAX_PASSING_ROWS = 50;
/** Distinct reasons counted one by one; further ones are counted together, so memory stays bounded. */
const MAX_DISTINCT_REASONS = 500;
export const OTHER_REASONS = '(other reasons)';

/** Splits one CSV record (RFC 4180 quoting, as csv-stringify writes it) into cells. */
export function parseCsvRecord(record: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const ch = record[i];
    if (quoted) {
      if (ch === '"' && record[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** CSV records from a line stream: a quoted cell may span lines (an odd count of quotes so far). */
async function* csvRecords(path: string): AsyncGenerator<string[]> {
  let pending: string | null = null;
  for await (const line of createInterface({
    input: createReadStream(path),
    crlfDelay: Infinity,
  })) {
    const record: string = pending === null ? line : `${pending}\n${line}`;
    if ((record.match(/"/g)?.length ?? 0) % 2 === 1) {
      pending = record;
      continue;
    }
    pending = null;
    if (record !== '') yield parseCsvRecord(record);
  }
  if (pending !== null) yield parseCsvRecord(pending);
}

function num(cell: string | undefined): number | null {
  if (cell === undefined || cell === '') return null;
  const n = Number(cell);
  return Number.isFinite(n) ? n : null;
}

/**
 * Keeps an even sample of a stream of unknown length: every `stride`-th item, halving what is
 * kept and doubling the stride whenever twice the wanted count is reached.
 */
class EvenSampler<T> {
  private kept: T[] = [];
  private stride = 1;
  private seen = 0;
  constructor(private readonly max: number) {}
  add(item: T): void {
    if (this.max <= 0) return;
    if (this.seen++ % this.stride !== 0) return;
    this.kept.push(item);
    if (this.kept.length >= 2 * this.max) {
      this.kept = this.kept.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }
  result(): T[] {
    if (this.kept.length <= this.max) return this.kept;
    const step = (this.kept.length - 1) / (this.max - 1 || 1);
    return Array.from({ length: this.max }, (_, i) => this.kept[Math.round(i * step)]);
  }
}

/**
 * Reads calls.csv at `path`; null when there is none. `redact` is applied to reasons before they
 * are grouped, so masked reasons that differed only in their digits count together.
 */
export async function sampleCallsCsv(
  path: string,
  opts: { maxFailed?: number; maxPassing?: number; redact?: (text: string) => string } = {},
): Promise<CallsSample | null> {
  const maxFailed = opts.maxFailed ?? MAX_FAILED_ROWS;
  const redact = opts.redact ?? ((t: string): string => t);
  let header: Map<string, number> | null = null;
  const sample: CallsSample = {
    total: 0,
    byStatus: {},
    scenarios: [],
    reasons: [],
    failed: [],
    failedTotal: 0,
    passing: [],
    passingTotal: 0,
  };
  const scenarios = new Map<string, ScenarioCounts>();
  const reasons = new Map<string, number>();
  const passing = new EvenSampler<SampledCall>(opts.maxPassing ?? MAX_PASSING_ROWS);
  try {
    for await (const cells of csvRecords(path)) {
      if (header === null) {
        header = new Map(cells.map((name, i) => [name, i]));
        continue;
      }
      const h = header;
      const get = (name: string): string => cells[h.get(name) ?? -1] ?? '';
      const call: SampledCall = {
        callId: get('call_id'),
        scenario: get('scenario'),
        status: get('status'),
        reason: redact(get('reason')),
        voice: get('voice'),
        durationMs: num(get('duration_ms')),
        turnCount: num(get('turn_count')),
        turnLatencyP50Ms: num(get('turn_latency_p50_ms')),
        turnLatencyMaxMs: num(get('turn_latency_max_ms')),
        startedSec: num(get('started_s')),
        stepConcurrency: num(get('step_concurrency')),
      };
      sample.total++;
      sample.byStatus[call.status] = (sample.byStatus[call.status] ?? 0) + 1;
      const sc = scenarios.get(call.scenario) ?? { scenario: call.scenario, calls: 0, passed: 0 };
      sc.calls++;
      if (call.status === 'passed') sc.passed++;
      scenarios.set(call.scenario, sc);
      if (call.status === 'passed') {
        sample.passingTotal++;
        passing.add(call);
        continue;
      }
      sample.failedTotal++;
      if (sample.failed.length < maxFailed) sample.failed.push(call);
      const key =
        call.reason === ''
          ? '(no reason given)'
          : reasons.has(call.reason) || reasons.size < MAX_DISTINCT_REASONS
            ? call.reason
            : OTHER_REASONS;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  sample.scenarios = [...scenarios.values()].sort((a, b) => a.scenario.localeCompare(b.scenario));
  sample.reasons = [...reasons.entries()]
    .map(([reason, calls]) => ({ reason, calls }))
    .sort((a, b) => b.calls - a.calls || a.reason.localeCompare(b.reason));
  sample.passing = passing.result();
  return sample;
}
