/**
 * Sharding and merging on real runs: the same open-model plan run whole and as two shards (real
 * calls to a real agent on 127.0.0.1), the shards merged with `callbench merge`. The merged
 * report must hold exactly the calls of the whole run — same call ids, same drawn scenarios,
 * same histogram total counts — because the shards partition the plan's arrivals.
 */
import { cp, mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTimedAgent, type TimedAgent } from '../../test/fixtures/timed-agent.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from '../../test/helpers.ts';
import { summarySchemaErrors } from '../../test/summary-schema.ts';
import { ExitCode } from '../cli/exit-codes.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { runCli } from '../cli/program.ts';
import { LoadAggregates } from './aggregates.ts';
import { readLoadRecord } from './load-record.ts';

const scenario = (name: string, text: string): string => `name: ${name}
caller: { voice: kal, line_noise_dbfs: -60 }
reply: { end_silence_ms: 500 }
turns:
  - say: "${text}"
  - hangup
`;

let kit: Kit;
let agent: TimedAgent;
let dir: string;

beforeAll(async () => {
  kit = await makeKit();
  agent = await startTimedAgent({
    delivery: 'burst',
    replyDelayMs: 400,
    reply: await kit.speech('okay'),
  });
  dir = await mkdtemp(join(tmpdir(), 'callbench-load-merge-'));
  await mkdir(join(dir, 'a'));
  await mkdir(join(dir, 'b'));
  await writeFile(join(dir, 'a', 'hello.yaml'), scenario('hello', 'hello there'));
  await writeFile(join(dir, 'b', 'thanks.yaml'), scenario('thanks', 'thank you'));
});
afterAll(async () => {
  await agent?.close();
  await kit?.close();
});

async function load(
  out: string,
  extra: string[] = [],
): Promise<{ code: number; err: string; out: string }> {
  const io = fakeIo();
  const code = await runCli(
    [
      'load',
      '--mix',
      `${join(dir, 'a')}=3,${join(dir, 'b')}=1`,
      '-a',
      agent.url,
      '--rate',
      '4/s',
      '--duration',
      '2s',
      '--seed',
      '9',
      '--stats-interval',
      '1s',
      '--tts-cache',
      TEST_TTS_CACHE,
      '-o',
      out,
      ...extra,
    ],
    io,
  );
  return { code, err: io.err, out: io.out };
}

async function callsById(out: string): Promise<Map<string, string>> {
  const lines = (await readFile(join(out, 'calls.csv'), 'utf8')).trim().split('\n').slice(1);
  return new Map(lines.map((l) => l.split(',')).map((cells) => [cells[1], cells[0]]));
}

describe('callbench load --shard and callbench merge', () => {
  test('two shards merged hold exactly the calls and histogram counts of the whole run', async () => {
    const whole = join(dir, 'whole');
    const [w, s1, s2] = await Promise.all([
      load(whole),
      load(join(dir, 's1'), ['--shard', '1/2']),
      load(join(dir, 's2'), ['--shard', '2/2']),
    ]);
    expect([w.err, s1.err, s2.err]).toEqual(['', '', '']);
    expect([w.code, s1.code, s2.code]).toEqual([ExitCode.Passed, ExitCode.Passed, ExitCode.Passed]);

    const io = fakeIo();
    const merged = join(dir, 'merged');
    expect(await runCli(['merge', join(dir, 's1'), join(dir, 's2'), '-o', merged], io)).toBe(
      ExitCode.Passed,
    );
    expect(io.out).toMatch(/shards 1\/2, 2\/2/);

    // 4/s for 2 s: arrivals 0–7; shard 1 took the even ones, shard 2 the odd ones.
    const wholeCalls = await callsById(whole);
    expect([...wholeCalls.keys()].sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8']);
    expect([...(await callsById(join(dir, 's1'))).keys()].sort()).toEqual(['a1', 'a3', 'a5', 'a7']);
    // Same seed, same call keys: every call drew the same scenario in the shards as in the whole run.
    expect(await callsById(merged)).toEqual(wholeCalls);
    expect(new Set(wholeCalls.values())).toEqual(new Set(['hello', 'thanks']));

    const a = LoadAggregates.fromJSON((await readLoadRecord(whole)).total);
    const m = LoadAggregates.fromJSON((await readLoadRecord(merged)).total);
    expect(m.counts.started).toBe(8);
    expect(m.counts.passed).toBe(a.counts.passed);
    for (const name of ['turn_latency_ms', 'ttfb_ms', 'call_duration_ms'] as const)
      expect(m.histograms[name].totalCount).toBe(a.histograms[name].totalCount);
    expect(m.histograms.turn_latency_ms.totalCount).toBe(8);

    const summary = JSON.parse(await readFile(join(merged, 'summary.json'), 'utf8'));
    // Every summary.json, of a load run and of a merge, follows docs/summary.schema.json.
    expect(summarySchemaErrors(summary)).toEqual([]);
    expect(
      summarySchemaErrors(JSON.parse(await readFile(join(whole, 'summary.json'), 'utf8'))),
    ).toEqual([]);
    expect(summary).toMatchObject({
      kind: 'merge',
      shards: ['1/2', '2/2'],
      calls: { started: 8, passed: 8 },
    });
    const loadJson = JSON.parse(await readFile(join(merged, 'load.json'), 'utf8'));
    expect(Object.keys(loadJson).sort()).toEqual(['executor', 'generator', 'timeline']);
    expect(
      loadJson.timeline.reduce((n: number, p: { startedCalls: number }) => n + p.startedCalls, 0),
    ).toBe(8);
    const stats = (await readFile(join(merged, 'stats.csv'), 'utf8')).trim().split('\n');
    expect(stats[0]).toMatch(
      /^elapsed_s,active_calls,target_vus,target_rate_per_s,started_interval,started_total/,
    );
    expect(stats.at(-1)?.split(',')[5]).toBe('8');
  });

  test('merge refuses the same run twice (exit 2, naming both directories); --force merges it with a warning', async () => {
    const once = join(dir, 'once');
    expect((await load(once)).code).toBe(ExitCode.Passed);
    const copy = join(dir, 'once-copy');
    await cp(once, copy, { recursive: true });
    const io = fakeIo();
    expect(await runCli(['merge', once, copy, '-o', join(dir, 'm-refused')], io)).toBe(
      ExitCode.InvalidInput,
    );
    expect(io.err).toContain(`${once} and ${copy} are the same run (shard 1/1`);
    const forced = fakeIo();
    expect(
      await runCli(['merge', once, copy, '-o', join(dir, 'm-forced'), '--force'], forced),
    ).toBe(ExitCode.Passed);
    expect(forced.err).toMatch(/warning: merging anyway \(--force\): .* are the same run/);
    expect(
      JSON.parse(await readFile(join(dir, 'm-forced', 'summary.json'), 'utf8')).calls.started,
    ).toBe(16);
  });

  test('merge refuses a directory that is not a load run, naming it (exit 2)', async () => {
    const io = fakeIo();
    expect(await runCli(['merge', dir, '-o', join(dir, 'm2')], io)).toBe(ExitCode.InvalidInput);
    expect(io.err).toMatch(/histograms\.json: cannot read a load run's histograms/);
  });
});
