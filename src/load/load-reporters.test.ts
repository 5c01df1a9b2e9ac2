/**
 * A load run's reporters, on a real short run (real calls to a fixture agent on 127.0.0.1): the
 * built-in reporters and a user's get onRunStart first, onRunEnd last and every call and stats
 * interval between; each interval's snapshot is the stats.csv row written for it; a call's row is
 * in calls.csv before the reporters after it see the call; a reporter that fails does not stop
 * the others, is said once, and a failure at the end fails the run with its own error after every
 * file is written.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTimedAgent, type TimedAgent } from '../../test/fixtures/timed-agent.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from '../../test/helpers.ts';
import { WHOLE_PLAN } from '../engine/executors/shard.ts';
import type { LoadSummary } from '../report/load-types.ts';
import { HISTOGRAMS_FILE } from './load-record.ts';
import type { LoadReporter } from './load-reporter.ts';
import { ProgressPrinter } from './progress.ts';
import { runLoad } from './run-load.ts';

let kit: Kit;
let agent: TimedAgent;
let dir: string;

beforeAll(async () => {
  kit = await makeKit();
  agent = await startTimedAgent({
    delivery: 'burst',
    replyDelayMs: 300,
    reply: await kit.speech('okay'),
  });
  dir = await mkdtemp(join(tmpdir(), 'callbench-load-reporters-'));
  await writeFile(
    join(dir, 'hello.yaml'),
    'name: hello\ncaller: { voice: kal, line_noise_dbfs: -60 }\nreply: { end_silence_ms: 400 }\nturns:\n  - say: "hello"\n  - hangup\n',
  );
});
afterAll(async () => {
  await agent?.close();
  await kit?.close();
});

type Seen =
  | { hook: 'start'; outDir: string }
  | { hook: 'call'; callId: string; rowOnDisk: boolean }
  | {
      hook: 'interval';
      tSec: number;
      startedInterval: number;
      startedTotal: number;
      endedInterval: number;
    }
  | { hook: 'end'; started: number };

const csvRows = async (path: string): Promise<string[][]> =>
  (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => l.split(','));

describe('load reporters', () => {
  test('hooks arrive in order, intervals match stats.csv, and a failing reporter stops neither the run nor the others', async () => {
    const out = join(dir, 'out');
    const seen: Seen[] = [];
    const failure = new Error('the dashboard is down');
    const failing: LoadReporter = {
      name: 'dashboard',
      onCallEnd: () => Promise.reject(new Error('dashboard unreachable')),
      onInterval: () => {
        throw new Error('dashboard unreachable');
      },
      onRunEnd: () => Promise.reject(failure),
    };
    const spy: LoadReporter = {
      name: 'spy',
      onRunStart: (plan) => void seen.push({ hook: 'start', outDir: plan.outDir }),
      // The built-in calls.csv reporter comes first: the call's row is already in the file.
      onCallEnd: async ({ outcome }) =>
        void seen.push({
          hook: 'call',
          callId: outcome.callId,
          rowOnDisk: (await readFile(join(out, 'calls.csv'), 'utf8')).includes(
            `,${outcome.callId},`,
          ),
        }),
      // The aggregates are read during the hook (total goes on growing after it).
      onInterval: (s) =>
        void seen.push({
          hook: 'interval',
          tSec: s.at.tSec,
          startedInterval: s.interval.counts.started,
          startedTotal: s.total.counts.started,
          endedInterval: s.interval.finished,
        }),
      onRunEnd: ({ summary }) => void seen.push({ hook: 'end', started: summary.calls.started }),
    };
    let printed = '';
    const run = runLoad({
      mix: [{ path: join(dir, 'hello.yaml'), weight: 1 }],
      voices: null,
      seed: 1,
      agentUrl: agent.url,
      outDir: out,
      ttsCacheDir: TEST_TTS_CACHE,
      mode: {
        kind: 'plan',
        plan: {
          model: 'closed',
          executor: 'constant-vus',
          start: 2,
          stages: [{ durationMs: 3000, target: 2 }],
        },
      },
      shard: WHOLE_PLAN,
      threads: 1,
      gracefulStopMs: 20_000,
      statsIntervalSec: 1,
      thresholds: [],
      progress: new ProgressPrinter((t) => (printed += t), false, 3600),
      reporters: [failing, spy],
    });
    // The failing reporter's onRunEnd fails the run with its own error, once every reporter has run.
    await expect(run).rejects.toBe(failure);

    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as LoadSummary;
    expect(summary.calls.started).toBeGreaterThanOrEqual(2);
    for (const f of ['load.json', 'report.html', HISTOGRAMS_FILE])
      await expect(readFile(join(out, f), 'utf8')).resolves.not.toBe('');

    expect(seen[0]).toEqual({ hook: 'start', outDir: out });
    expect(seen.at(-1)).toEqual({ hook: 'end', started: summary.calls.started });
    expect(seen.filter((s) => s.hook === 'start' || s.hook === 'end')).toHaveLength(2);

    const calls = seen.filter((s) => s.hook === 'call');
    const callRows = (await csvRows(join(out, 'calls.csv'))).slice(1);
    expect(calls).toHaveLength(summary.calls.started);
    expect(callRows).toHaveLength(summary.calls.started);
    expect(calls.every((c) => c.rowOnDisk)).toBe(true);

    const intervals = seen.filter((s) => s.hook === 'interval');
    const [header, ...statsRows] = await csvRows(join(out, 'stats.csv'));
    const col = (row: string[], name: string): number => Number(row[header.indexOf(name)]);
    expect(intervals.length).toBeGreaterThanOrEqual(3);
    expect(intervals.map((i) => i.tSec)).toEqual(statsRows.map((r) => col(r, 'elapsed_s')));
    expect(intervals.map((i) => i.startedInterval)).toEqual(
      statsRows.map((r) => col(r, 'started_interval')),
    );
    expect(intervals.map((i) => i.startedTotal)).toEqual(
      statsRows.map((r) => col(r, 'started_total')),
    );
    expect(intervals.map((i) => i.endedInterval)).toEqual(
      statsRows.map((r) => col(r, 'ended_interval')),
    );
    expect(intervals.map((i) => i.tSec)).toEqual(
      [...intervals.map((i) => i.tSec)].sort((a, b) => a - b),
    );
    expect(intervals.reduce((n, i) => n + i.endedInterval, 0)).toBe(summary.calls.started);

    // Said once per failing reporter, not once per call and interval.
    expect(printed.match(/reporter "dashboard" failed/g)).toHaveLength(1);
  }, 90_000);
});
