import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callVerdictRecord, verdictFromRecord } from './call-verdict.ts';
import { jsonlReporter } from './jsonl.ts';
import { readRunDir } from './read-run-dir.ts';
import { rebuildReports } from './rebuild.ts';
import type { ScoredCall } from '../results/scored-call.ts';
import { syntheticCall } from './test-calls.ts';

// The harness passed the call (call_ended says "passed"); an expectation then failed it.
function failedByExpectation(): ScoredCall {
  const call = syntheticCall({
    callId: 'call-0001',
    turns: [{ callerMs: [200, 900], agentMs: [1400, 2600] }],
  });
  return {
    ...call,
    status: 'failed',
    reason: 'turn 1 (line 4): expected says "your order" — not said',
    complete: false,
    expectations: [
      {
        turn: 1,
        kind: 'says',
        description: 'says "your order"',
        passed: false,
        reason: 'not said',
        source: 'side_channel',
        at: { file: '/suite/greeting.yaml', line: 4, column: 5 },
      },
    ],
  };
}

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe('call_verdict in events.jsonl', () => {
  it('follows the call_ended event with the verdict after expectations', async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbench-verdict-'));
    const reporter = jsonlReporter(dir);
    await reporter.onRunStart?.({
      agentUrl: 'ws://h/media',
      outDir: dir,
      scenarios: [],
      totalCalls: 1,
      concurrency: 1,
    });
    await reporter.onCallEnd?.(failedByExpectation());
    const lines = (await readFile(join(dir, 'events.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const ended = lines.find((l) => l.type === 'call_ended');
    expect(ended?.status).toBe('passed');
    const last = lines.at(-1);
    expect(last).toMatchObject({
      type: 'call_verdict',
      call_id: 'call-0001',
      status: 'failed',
      complete: false,
      t_ms: ended?.t_ms,
      expectations: { passed: 0, failed: 1, skipped: 0 },
    });
    expect(last?.reason).toMatch(/expected says "your order"/);
  });

  it('is what `callbench report` rebuilds the verdict from, with events.jsonl alone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'callbench-verdict-'));
    const reporter = jsonlReporter(dir);
    await reporter.onRunStart?.({
      agentUrl: 'ws://h/media',
      outDir: dir,
      scenarios: [],
      totalCalls: 1,
      concurrency: 1,
    });
    await reporter.onCallEnd?.(failedByExpectation());
    await reporter.onCallEnd?.(
      syntheticCall({
        callId: 'call-0002',
        turns: [{ callerMs: [200, 900], agentMs: [1400, 2600] }],
      }),
    );
    const { calls } = await readRunDir(dir);
    expect(calls.map((c) => [c.callId, c.status, c.complete])).toEqual([
      ['call-0001', 'failed', false],
      ['call-0002', 'passed', undefined],
    ]);
    expect(calls[0]?.events.some((e) => (e.type as string) === 'call_verdict')).toBe(false);
    const rebuilt = await rebuildReports(dir, { redact: false });
    expect(rebuilt.summary.calls).toMatchObject({ total: 2, passed: 1, failed: 1 });
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toMatch(
      /<failure[^>]*expected says &quot;your order&quot;/,
    );
  });

  it('names the field of a verdict line that is wrong', () => {
    expect(verdictFromRecord({ status: 'won', reason: null })).toMatch(
      /"status" must be one of passed, failed, error, aborted, got "won"/,
    );
    expect(verdictFromRecord({ status: 'failed', reason: 3 })).toMatch(/"reason"/);
    expect(
      verdictFromRecord(
        callVerdictRecord(failedByExpectation()) as unknown as Record<string, unknown>,
      ),
    ).toEqual({
      status: 'failed',
      reason: expect.stringMatching(/your order/) as unknown,
      complete: false,
    });
  });
});
