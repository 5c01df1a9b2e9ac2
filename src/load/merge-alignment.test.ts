import { describe, expect, test } from 'vitest';
import { LoadAggregates } from './aggregates.ts';
import { LOAD_RECORD_FORMAT, type LoadRecord, type TimelineEntry } from './load-record.ts';
import { mergeTimelines, shardStarts } from './merge-alignment.ts';
import { checkMergeInputs, enforceMergeChecks } from './merge-checks.ts';

function started(n: number): LoadRecord['total'] {
  const a = new LoadAggregates();
  for (let i = 0; i < n; i++) a.recordStarted();
  return a.toJSON();
}

const entry = (tSec: number, activeCalls: number, startedCalls: number): TimelineEntry => ({
  tSec,
  activeCalls,
  eventLoopDelayP99Ms: 1,
  cpuPercent: 10,
  interval: started(startedCalls),
});

function shard(
  label: string,
  startedAt: string,
  timeline: TimelineEntry[],
  over: Partial<LoadRecord> = {},
): LoadRecord {
  return {
    format: LOAD_RECORD_FORMAT,
    executor: 'constant-vus',
    plan: {
      model: 'closed',
      executor: 'constant-vus',
      start: 4,
      stages: [{ durationMs: 30_000, target: 4 }],
    },
    shards: [label],
    seed: 7,
    agentUrl: 'ws://127.0.0.1:1/media',
    startedAt,
    finishedAt: '2026-12-04T22:01:00.000Z',
    interrupted: false,
    scenarios: [{ name: 'a', file: `/m-${label}/a.yaml`, weight: 1 }],
    voices: null,
    thresholds: [],
    total: started(timeline.reduce((n, e) => n + e.interval.counts.started, 0)),
    timeline,
    generator: {
      bottleneck: false,
      bottleneckSinceSec: null,
      eventLoopDelayP99Ms: 1,
      cpuPercent: 10,
      sendLatenessP99Ms: 0,
      warnings: [],
    },
    generatorWindows: { sampled: 0, strained: 0 },
    statsIntervalSec: 10,
    startAt: null,
    ...over,
  };
}

describe('merging shards by wall clock', () => {
  test('shards that started 3 s apart without --start-at: each interval lands on the moment it covers', () => {
    const a = shard('1/2', '2026-12-04T22:00:00.000Z', [
      entry(10, 2, 2),
      entry(20, 2, 1),
      entry(23.5, 0, 0),
    ]);
    const b = shard('2/2', '2026-12-04T22:00:03.000Z', [
      entry(10, 2, 2),
      entry(20, 2, 1),
      entry(21, 0, 0),
    ]);
    const t = mergeTimelines([a, b]);
    // b's first interval covers 3–13 s of the test (midpoint 8 s): the first merged interval.
    expect(t.map((e) => [e.tSec, e.activeCalls, e.interval.counts.started])).toEqual([
      [10, 4, 4],
      [20, 4, 2],
      [30, 0, 0],
    ]);
  });

  test('with --start-at, timelines count from the shared moment; a late shard starts mid-grid', () => {
    const startAt = '2026-12-04T22:00:00.000Z';
    const a = shard('1/2', '2026-12-04T22:00:00.004Z', [entry(10, 2, 2), entry(20, 2, 1)], {
      startAt,
    });
    const b = shard('2/2', '2026-12-04T22:00:14.000Z', [entry(20.4, 2, 2), entry(25, 1, 1)], {
      startAt,
    });
    const t = mergeTimelines([a, b]);
    expect(t.map((e) => [e.tSec, e.activeCalls, e.interval.counts.started])).toEqual([
      [10, 2, 2],
      [20, 4, 3],
      [30, 1, 1],
    ]);
    expect(shardStarts([a, b])).toEqual({
      startAt,
      spreadMs: 13_996,
      starts: [
        { shard: '1/2', startedAt: a.startedAt, lateByMs: 4 },
        { shard: '2/2', startedAt: b.startedAt, lateByMs: 14_000 },
      ],
    });
  });

  test('shards of different tests are refused, each difference named; checkout paths may differ', () => {
    const a = shard('1/2', '2026-12-04T22:00:00.000Z', [], { startAt: '2026-12-04T22:00:00.000Z' });
    const problems = (...records: LoadRecord[]): string[] =>
      checkMergeInputs(records.map((record, i) => ({ dir: `s${i + 1}`, record }))).problems;
    expect(
      problems(
        a,
        shard('2/2', a.startedAt, [], {
          startAt: a.startAt,
          scenarios: [{ name: 'a', file: '/elsewhere/a.yaml', weight: 1 }],
        }),
      ),
    ).toEqual([]);
    const b = shard('2/3', a.startedAt, [], {
      seed: 8,
      startAt: '2026-12-04T22:05:00.000Z',
      statsIntervalSec: 5,
      scenarios: [{ name: 'b', file: '/b.yaml', weight: 1 }],
    });
    expect(problems(a, b)).toEqual([
      'the runs are shards of different splits (s1 split the plan 2 way(s); s2 split the plan 3 way(s)): their calls overlap',
      's1 and s2 disagree on the seed: 7 vs 8 — these are different runs, not shards of one',
      's1 and s2 disagree on the scenarios: ["a×1"] vs ["b×1"] — these are different runs, not shards of one',
      's1 and s2 disagree on the --start-at: 2026-12-04T22:00:00.000Z vs 2026-12-04T22:05:00.000Z — these are different runs, not shards of one',
      's1 and s2 disagree on the --stats-interval: 10s vs 5s — these are different runs, not shards of one',
    ]);
    expect(() => enforceMergeChecks(['s1', 's2'], [a, b])).toThrow(
      /refusing to merge \(--force merges anyway\):\n {2}the runs are shards of different splits/,
    );
  });

  test("a shard whose sampler skipped an interval's end still counts its active calls there", () => {
    const startAt = '2026-12-04T22:00:00.000Z';
    const a = shard('1/2', startAt, [entry(1.1, 3, 3), entry(2.1, 3, 0), entry(3.1, 3, 0)], {
      startAt,
      statsIntervalSec: 1,
    });
    const b = shard('2/2', startAt, [entry(1.2, 3, 3), entry(3.1, 3, 0)], {
      startAt,
      statsIntervalSec: 1,
    });
    expect(
      mergeTimelines([a, b]).map((e) => [e.tSec, e.activeCalls, e.interval.counts.started]),
    ).toEqual([
      [1, 6, 6],
      [2, 6, 0],
      [3, 6, 0],
    ]);
  });
});
