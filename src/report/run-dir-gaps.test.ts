/** `callbench report` on an incomplete directory says what is missing. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ExitCode } from '../cli/exit-codes.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { runCli } from '../cli/program.ts';
import { runDirGaps } from './run-dir-gaps.ts';

const runJson = (over: Record<string, unknown> = {}): string =>
  JSON.stringify({
    agentUrl: 'ws://x',
    cwd: '/',
    plan: { scenarios: [], totalCalls: 3, concurrency: 1 },
    startedAt: '2026-12-04T10:00:00.000Z',
    finishedAt: null,
    interrupted: false,
    thresholds: [],
    skipped: [],
    ...over,
  });

describe('runDirGaps', () => {
  test('a run killed on a full disk: empty events, no calls.jsonl, never finished', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-gaps-'));
    await writeFile(join(dir, 'events.jsonl'), '');
    await writeFile(join(dir, 'run.json'), runJson());
    expect(await runDirGaps(dir)).toEqual([
      'the run never finished (run.json has no finishedAt): it was killed, or could not write its end',
      'calls.jsonl is missing: entities, expectations and transcripts cannot be rebuilt',
      'events.jsonl is empty although 3 call(s) were planned',
      '0 of 3 planned call(s) have results',
    ]);
  });

  test('calls present in one file and not the other are named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-gaps-'));
    await writeFile(
      join(dir, 'run.json'),
      runJson({
        finishedAt: '2026-12-04T10:01:00.000Z',
        plan: { scenarios: [], totalCalls: 2, concurrency: 1 },
      }),
    );
    await writeFile(
      join(dir, 'events.jsonl'),
      '{"call_id":"call-0001","scenario":"s","t_ms":0,"type":"call_ended"}\n',
    );
    await writeFile(
      join(dir, 'calls.jsonl'),
      '{"call_id":"call-0002","scenario":"s","status":"passed"}\n',
    );
    expect(await runDirGaps(dir)).toEqual([
      'calls.jsonl lacks call-0001: their entities and expectations are missing',
      'events.jsonl lacks the events of call-0002: their timings are missing',
    ]);
  });

  test('callbench report says so on stderr and on its last line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-gaps-'));
    await writeFile(join(dir, 'events.jsonl'), '');
    await writeFile(join(dir, 'run.json'), runJson());
    const io = fakeIo();
    expect(await runCli(['report', dir], io)).toBe(ExitCode.Failed);
    expect(io.err).toMatch(/incomplete: events\.jsonl is empty although 3 call\(s\) were planned/);
    expect(io.out).toMatch(/rebuilt .* from 0 call\(s\) — incomplete, 4 problem\(s\) above/);
  });
});
