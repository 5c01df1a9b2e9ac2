import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../report/csv.ts';
import { LOAD_CALL_COLUMNS } from './calls-csv.ts';
import { parseCsvRecord, sampleCallsCsv } from './calls-csv-sample.ts';

describe('parseCsvRecord', () => {
  it('undoes csv-stringify quoting', () => {
    expect(parseCsvRecord('a,"b, c","say ""hi""",,x')).toEqual(['a', 'b, c', 'say "hi"', '', 'x']);
  });
});

describe('sampleCallsCsv', () => {
  it('counts every row, keeps failed calls first-come up to the cap and an even sample of passing ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-calls-sample-'));
    const rows = Array.from({ length: 1000 }, (_, i) => {
      const failed = i % 100 === 7;
      return {
        scenario: i % 2 ? 'odd' : 'even',
        call_id: `a${i + 1}`,
        status: failed ? 'failed' : 'passed',
        reason: failed
          ? i < 500
            ? 'reply timeout after 8000 ms,\n"late"'
            : 'reply timeout after 9000 ms,\n"late"'
          : null,
        duration_ms: 2000 + i,
        turn_count: 2,
        turn_latency_p50_ms: 500.5,
        started_s: i / 10,
      };
    });
    await writeFile(join(dir, 'calls.csv'), toCsv(rows, LOAD_CALL_COLUMNS, true));
    const s = await sampleCallsCsv(join(dir, 'calls.csv'), { maxFailed: 3, maxPassing: 20 });
    expect(s?.total).toBe(1000);
    expect(s?.byStatus).toEqual({ passed: 990, failed: 10 });
    expect(s?.failedTotal).toBe(10);
    expect(s?.failed.map((c) => c.callId)).toEqual(['a8', 'a108', 'a208']);
    expect(s?.failed[0]).toMatchObject({
      reason: 'reply timeout after 8000 ms,\n"late"',
      durationMs: 2007,
      turnCount: 2,
      turnLatencyP50Ms: 500.5,
      turnLatencyMaxMs: null,
      startedSec: 0.7,
    });
    expect(s?.reasons).toEqual([
      { reason: 'reply timeout after 8000 ms,\n"late"', calls: 5 },
      { reason: 'reply timeout after 9000 ms,\n"late"', calls: 5 },
    ]);
    expect(s?.passingTotal).toBe(990);
    expect(s?.passing).toHaveLength(20);
    // Spread over the whole run, not just its start.
    const ids = s?.passing.map((c) => Number(c.callId.slice(1))) ?? [];
    expect(ids[0]).toBe(1);
    expect(Math.max(...ids)).toBeGreaterThan(800);
    expect(s?.scenarios).toEqual([
      { scenario: 'even', calls: 500, passed: 500 },
      { scenario: 'odd', calls: 500, passed: 490 },
    ]);

    // Redacted reasons that differed only in digits are grouped together.
    const r = await sampleCallsCsv(join(dir, 'calls.csv'), {
      redact: (t) => t.replace(/\d{4,}/g, '[REDACTED]'),
    });
    expect(r?.reasons).toEqual([
      { reason: 'reply timeout after [REDACTED] ms,\n"late"', calls: 10 },
    ]);
    expect(await sampleCallsCsv(join(dir, 'missing.csv'))).toBeNull();
  });
});
