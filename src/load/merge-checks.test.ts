/** What merge refuses: the same run twice, overlapping shards, and runs that are not shards of one. */
import { describe, expect, test } from 'vitest';
import type { LoadRecord } from './load-record.ts';
import { checkMergeInputs, enforceMergeChecks, MergeRefused } from './merge-checks.ts';

function record(over: Partial<LoadRecord>): LoadRecord {
  return {
    format: 'callbench-load/1',
    executor: 'constant-arrival-rate',
    plan: {
      model: 'open',
      executor: 'constant-arrival-rate',
      start: 4,
      stages: [{ durationMs: 2000, target: 4 }],
      maxInFlight: 1000,
    },
    shards: ['1/1'],
    seed: 7,
    agentUrl: 'ws://127.0.0.1:1/media',
    startedAt: '2026-12-04T10:00:00.000Z',
    finishedAt: '2026-12-04T10:00:03.000Z',
    interrupted: false,
    scenarios: [{ name: 'hello', file: 'a/hello.yaml', weight: 1 }],
    voices: null,
    thresholds: [],
    total: {} as LoadRecord['total'],
    timeline: [],
    generator: {} as LoadRecord['generator'],
    generatorWindows: { sampled: 0, strained: 0 },
    ...over,
  };
}

describe('checkMergeInputs', () => {
  test('two halves of one run merge without problems', () => {
    const r = checkMergeInputs([
      { dir: 's1', record: record({ shards: ['1/2'] }) },
      { dir: 's2', record: record({ shards: ['2/2'], startedAt: '2026-12-04T10:00:00.400Z' }) },
    ]);
    expect(r).toEqual({ problems: [], notes: [] });
  });

  test('the same complete run twice (a copied directory) is refused, naming both', () => {
    const r = checkMergeInputs([
      { dir: 'o8', record: record({}) },
      { dir: 'o8b', record: record({}) },
    ]);
    expect(r.problems).toEqual([
      'o8 and o8b are the same run (shard 1/1, started 2026-12-04T10:00:00.000Z) given twice: its calls would be counted twice',
    ]);
  });

  test('the same shard from two runs, and shards of different splits, overlap', () => {
    expect(
      checkMergeInputs([
        { dir: 'a', record: record({ shards: ['1/2'] }) },
        { dir: 'b', record: record({ shards: ['1/2'], startedAt: '2026-12-04T11:00:00.000Z' }) },
      ]).problems,
    ).toEqual([
      "a and b both hold shard 1/2: shards overlap, so calls would be counted twice (merge each shard's output once)",
    ]);
    expect(
      checkMergeInputs([
        { dir: 'a', record: record({ shards: ['1/2'] }) },
        { dir: 'b', record: record({ shards: ['2/3'] }) },
      ]).problems,
    ).toEqual([
      'the runs are shards of different splits (a split the plan 2 way(s); b split the plan 3 way(s)): their calls overlap',
    ]);
    // A merged output given again beside one of its shards overlaps too.
    expect(
      checkMergeInputs([
        { dir: 'm', record: record({ shards: ['1/2', '2/2'] }) },
        { dir: 's2', record: record({ shards: ['2/2'] }) },
      ]).problems[0],
    ).toMatch(/^m and s2 both hold shard 2\/2/);
  });

  test('runs that disagree on seed, plan, scenarios or voices are refused', () => {
    const base = { dir: 's1', record: record({ shards: ['1/2'] }) };
    const other = (over: Partial<LoadRecord>) =>
      checkMergeInputs([base, { dir: 's2', record: record({ shards: ['2/2'], ...over }) }])
        .problems;
    expect(other({ seed: 8 })).toEqual([
      's1 and s2 disagree on the seed: 7 vs 8 — these are different runs, not shards of one',
    ]);
    expect(
      other({
        plan: {
          model: 'closed',
          executor: 'constant-vus',
          start: 2,
          stages: [{ durationMs: 2000, target: 2 }],
        },
      })[0],
    ).toMatch(/^s1 and s2 disagree on the plan: /);
    expect(other({ scenarios: [{ name: 'other', file: 'b.yaml', weight: 1 }] })[0]).toMatch(
      /^s1 and s2 disagree on the scenarios: \["hello×1"\] vs \["other×1"\]/,
    );
    expect(other({ voices: ['slt', 'kal'] })[0]).toMatch(/^s1 and s2 disagree on the voices/);
  });

  test('a missing shard is a note, not a refusal', () => {
    const r = checkMergeInputs([
      { dir: 's1', record: record({ shards: ['1/3'] }) },
      { dir: 's3', record: record({ shards: ['3/3'] }) },
    ]);
    expect(r).toEqual({
      problems: [],
      notes: ['shard 2/3 of 3 not given: the merged report covers part of the plan'],
    });
  });

  test('enforceMergeChecks throws MergeRefused listing every problem, or with force warns and goes on', () => {
    const same = [record({}), record({})];
    expect(() => enforceMergeChecks(['o8', 'o8b'], same)).toThrow(MergeRefused);
    expect(() => enforceMergeChecks(['o8', 'o8b'], same)).toThrow(
      /refusing to merge \(--force merges anyway\):\n {2}o8 and o8b are the same run/,
    );
    const warnings: string[] = [];
    enforceMergeChecks(['o8', 'o8b'], same, { force: true, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      expect.stringMatching(/^merging anyway \(--force\): o8 and o8b are the same run/),
    ]);
  });
});
