/**
 * Interrupted and unreachable runs account honestly:
 * - every planned call is recorded; those never dialed as `not_started` (summary.json, calls.jsonl, junit <skipped>);
 * - a scenario threshold whose scenario never ran is skipped, not failed;
 * - an aborted call's unreached turns have their expectations skipped, with the reason;
 * - a call that never connected adds no timing samples, and the counts say how many never connected.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTimedAgent, type TimedAgent } from '../../test/fixtures/timed-agent.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from '../../test/helpers.ts';
import { ExitCode } from './exit-codes.ts';
import { fakeIo } from './fake-io.ts';
import { runCli } from './program.ts';

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
  dir = await mkdtemp(join(tmpdir(), 'callbench-interrupted-'));
  await writeFile(
    join(dir, 'a-quick.yaml'),
    'name: quick\ncaller: { voice: kal }\nturns:\n  - say: { text: "hi", expect_reply: false }\n',
  );
  await writeFile(
    join(dir, 'b-slow.yaml'),
    'name: slow\ncaller: { voice: kal }\nturns:\n  - silence: 60000\n  - say: "are you there"\n    expect: { says: "yes" }\n',
  );
  await writeFile(
    join(dir, 'c-never.yaml'),
    'name: never\ncaller: { voice: kal }\nthresholds:\n  turn_latency_ms: ["p(95)<800"]\nturns:\n  - say: "hello"\n',
  );
});
afterAll(async () => {
  await agent?.close();
  await kit?.close();
});

describe('an interrupted run', () => {
  test("records the call it never started as not_started, skips that scenario's threshold, and skips unreached turns' expectations", async () => {
    const controller = new AbortController();
    const io = fakeIo(controller.signal);
    const write = io.stdout;
    io.stdout = (t) => {
      write(t);
      // The slow call is under way once the quick one has finished: interrupt then.
      if (t.includes('✓ quick')) setTimeout(() => controller.abort(), 300);
    };
    const out = join(dir, 'out-int');
    const code = await runCli(
      ['run', dir, '-a', agent.url, '--out', out, '--tts-cache', TEST_TTS_CACHE],
      io,
    );
    expect(code).toBe(ExitCode.Interrupted);
    expect(io.err).toBe(''); // every reporter (HTML, junit, CSV…) took the unstarted call
    expect(io.out).toMatch(
      /INTERRUPTED {2}calls: 1 passed, 0 failed, 0 error, 1 aborted, 1 not started \(of 3\)/,
    );
    expect(io.out).toMatch(
      /- turn_latency_ms\{scenario:never\}: p\(95\)<800 \(skipped: the run was interrupted before this scenario ran\)/,
    );

    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.calls).toMatchObject({ total: 3, passed: 1, aborted: 1, not_started: 1 });
    expect(summary.thresholds).toEqual([
      expect.objectContaining({
        scenario: 'never',
        ok: true,
        skipped: 'the run was interrupted before this scenario ran',
      }),
    ]);
    expect(summary.failures.map((f: { scenario: string }) => f.scenario)).toEqual(['slow']);

    const records = (await readFile(join(out, 'calls.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => [r.scenario, r.status])).toEqual([
      ['quick', 'passed'],
      ['slow', 'aborted'],
      ['never', 'not_started'],
    ]);
    expect(records[1].expectations).toEqual([
      expect.objectContaining({
        turn: 2,
        skipped: true,
        reason: 'skipped: turn 2 never ran (the call ended before it)',
      }),
    ]);

    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(
      /name="never \(call-0003\)"[^>]*>\n\s*<skipped message="not started: the run was interrupted first"\/>/,
    );
    expect(junit).toMatch(
      /<testsuite name="callbench thresholds" tests="1" failures="0" errors="0" skipped="1"/,
    );

    // Rebuilding from the directory keeps the unstarted call.
    const rebuilt = fakeIo();
    await runCli(['report', out], rebuilt);
    expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')).calls).toMatchObject({
      total: 3,
      not_started: 1,
    });
  }, 60_000);
});

describe('a call that never connected', () => {
  test('adds no samples: a dead-air threshold cannot pass on it, and the count says it never connected', async () => {
    const out = join(dir, 'out-unreachable');
    const io = fakeIo();
    // Port 9 on loopback: nothing listens, the connection is refused at once.
    const code = await runCli(
      [
        'run',
        join(dir, 'a-quick.yaml'),
        '-a',
        'ws://127.0.0.1:9/media',
        '--out',
        out,
        '--tts-cache',
        TEST_TTS_CACHE,
        '-t',
        'dead_air_ms=max<100',
        '-t',
        'talk_over_ms=count>=0',
      ],
      io,
    );
    expect(code).toBe(ExitCode.Failed);
    expect(io.out).toMatch(/; 1 never connected \(no timings from them\)/);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.calls).toMatchObject({ total: 1, error: 1, neverConnected: 1 });
    for (const m of ['talk_over_ms', 'dead_air_ms', 'call_duration_ms'])
      expect(summary.metrics[m].count, m).toBe(0);
    expect(
      summary.thresholds.map((t: { metric: string; ok: boolean; actual: number | null }) => [
        t.metric,
        t.ok,
        t.actual,
      ]),
    ).toEqual([
      ['dead_air_ms', false, null],
      ['talk_over_ms', true, 0],
    ]);
  }, 30_000);
});
