/**
 * `callbench run` end to end, in-process: real scenario files, a real agent on 127.0.0.1, the
 * files it writes, and its exit codes. Ctrl-C is tested on the real binary in a child process.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTimedAgent, type TimedAgent } from '../../test/fixtures/timed-agent.ts';
import { startFixtureServer, type FixtureServer } from '../../test/fixtures/fixture-server.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from '../../test/helpers.ts';
import { summarySchemaErrors } from '../../test/summary-schema.ts';
import { ExitCode } from './exit-codes.ts';
import { fakeIo } from './fake-io.ts';
import { runCli } from './program.ts';

const GOOD = `name: ask-twice
caller: { voice: kal, line_noise_dbfs: -60 }
reply: { end_silence_ms: 600 }
turns:
  - say: "hello there"
  - say: "thank you"
  - hangup
`;

let kit: Kit;
let agent: TimedAgent;
let silent: FixtureServer;
let dir: string;

beforeAll(async () => {
  kit = await makeKit();
  agent = await startTimedAgent({
    delivery: 'burst',
    replyDelayMs: 600,
    reply: await kit.speech('okay'),
  });
  silent = await startFixtureServer({});
  dir = await mkdtemp(join(tmpdir(), 'callbench-cli-'));
  await writeFile(join(dir, 'good.yaml'), GOOD);
});
afterAll(async () => {
  await agent?.close();
  await silent?.close();
  await kit?.close();
});

describe('callbench run', () => {
  test('writes summary.json, calls.csv, turns.csv and events.jsonl, and exits 0 when every call passes', async () => {
    const out = join(dir, 'out-pass');
    const io = fakeIo();
    const code = await runCli(
      [
        'run',
        join(dir, 'good.yaml'),
        '--agent',
        agent.url,
        '--out',
        out,
        '--tts-cache',
        TEST_TTS_CACHE,
        '-c',
        '2',
      ],
      io,
    );
    expect(io.err).toBe('');
    expect(code).toBe(ExitCode.Passed);
    expect(io.out).toMatch(/✓ ask-twice \[1\/1\]/);
    expect(io.out).toMatch(/PASSED {2}calls: 1 passed/);
    expect(io.out).toMatch(/turn_latency_ms +2 /);

    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.calls).toMatchObject({ total: 1, passed: 1 });
    expect(summarySchemaErrors(summary)).toEqual([]);
    expect(summary.metrics.turn_latency_ms.count).toBe(2);

    const turns = (await readFile(join(out, 'turns.csv'), 'utf8')).trim().split('\n');
    expect(turns[0]).toBe(
      'scenario,call_id,turn,kind,started_ms,ended_ms,caller_end_ms,agent_onset_ms,turn_latency_ms,ttfb_ms,reply_timed_out,interrupted_agent,barge_in_stop_ms',
    );
    expect(turns.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      'ask-twice,call-0001,1,say',
      'ask-twice,call-0001,2,say',
      'ask-twice,call-0001,3,hangup',
    ]);
    const latency = Number(turns[1].split(',')[8]);
    expect(latency).toBeGreaterThan(550);
    expect(latency).toBeLessThan(1000);

    const calls = (await readFile(join(out, 'calls.csv'), 'utf8')).trim().split('\n');
    expect(calls[0].split(',')).toContain('turn_latency_p50_ms');
    expect(calls[1]).toMatch(/^ask-twice,call-0001,CA[0-9a-f]{32},passed,,caller,/);

    const events = (await readFile(join(out, 'events.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({
      call_id: 'call-0001',
      scenario: 'ask-twice',
      t_ms: 0,
      type: 'call_started',
    });
    expect(events.at(-2)).toMatchObject({ type: 'call_ended', status: 'passed' });
    // The final verdict (after expectations) closes the call's lines.
    expect(events.at(-1)).toMatchObject({ type: 'call_verdict', status: 'passed', reason: null });
    expect(events.filter((e) => e.type === 'agent_speech_started')).toHaveLength(2);
  });

  test('thresholds in k6 syntax decide the verdict, and junit.xml has a testcase per call and per threshold', async () => {
    const out = join(dir, 'out-thresholds');
    const io = fakeIo();
    const args = [
      'run',
      join(dir, 'good.yaml'),
      '--agent',
      agent.url,
      '--out',
      out,
      '--tts-cache',
      TEST_TTS_CACHE,
    ];
    const code = await runCli(
      [
        ...args,
        '--threshold',
        'turn_latency_ms=p(95)<5000',
        '-t',
        'turn_latency_ms=p(50)<100',
        '-t',
        'call_pass_rate=rate>=1',
      ],
      io,
    );
    expect(code).toBe(ExitCode.Failed);
    expect(io.out).toMatch(/✓ turn_latency_ms: p\(95\)<5000 \(\d+/);
    expect(io.out).toMatch(/✗ turn_latency_ms: p\(50\)<100 \(\d+/);
    expect(io.out).toMatch(/FAILED/);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(
      summary.thresholds.map((t: { expression: string; ok: boolean }) => [t.expression, t.ok]),
    ).toEqual([
      ['p(95)<5000', true],
      ['p(50)<100', false],
      ['rate>=1', true],
    ]);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="callbench" tests="4" failures="1">/,
    );
    expect(junit).toMatch(
      /<testcase classname="[^"]*good\.yaml" name="ask-twice \(call-0001\)" time="\d+\.\d{3}"\/>/,
    );
    expect(junit).toMatch(
      /<testcase classname="thresholds" name="turn_latency_ms: p\(50\)&lt;100" time="0.000">\n\s+<failure type="threshold" message="turn_latency_ms was \d+/,
    );

    const bad = fakeIo();
    expect(await runCli([...args, '-t', 'turn_latency_ms=p95<800'], bad)).toBe(
      ExitCode.InvalidInput,
    );
    expect(bad.err).toMatch(/not understood: write e\.g\. p\(95\)<800/);
    const unknown = fakeIo();
    expect(await runCli([...args, '-t', 'transfer_rate=rate>0.9'], unknown)).toBe(
      ExitCode.InvalidInput,
    );
    expect(unknown.err).toMatch(/unknown metric "transfer_rate"/);
  });

  test('--repeat runs each scenario n times and reports its pass rate', async () => {
    const out = join(dir, 'out-repeat');
    const io = fakeIo();
    const code = await runCli(
      [
        'run',
        join(dir, 'good.yaml'),
        '--agent',
        agent.url,
        '--out',
        out,
        '--tts-cache',
        TEST_TTS_CACHE,
        '--repeat',
        '3',
        '-c',
        '3',
      ],
      io,
    );
    expect(code).toBe(ExitCode.Passed);
    expect(io.out).toMatch(/ask-twice +3\/3 /);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.scenarios).toMatchObject([
      { scenario: 'ask-twice', calls: 3, passed: 3, passRate: 1, flaky: false },
    ]);
    expect((await readFile(join(out, 'junit.xml'), 'utf8')).match(/<testcase /g)).toHaveLength(3);
  });

  test('exits 1 and names the failing call when the agent does not answer', async () => {
    const io = fakeIo();
    const scenario = join(dir, 'quick.yaml');
    await writeFile(
      scenario,
      'name: unanswered\nturns:\n  - say: { text: "hello", timeout_ms: 300 }\n',
    );
    const code = await runCli(
      [
        'run',
        scenario,
        '--agent',
        silent.url,
        '--out',
        join(dir, 'out-fail'),
        '--tts-cache',
        TEST_TTS_CACHE,
      ],
      io,
    );
    expect(code).toBe(ExitCode.Failed);
    expect(io.out).toMatch(/✗ unanswered .* — no reply from the agent after turn 1/);
    expect(io.out).toMatch(/FAILED/);
  });

  test('exits 2 with file, line and field for a broken scenario, before dialing anyone', async () => {
    const bad = join(dir, 'bad');
    await import('node:fs/promises').then((fs) => fs.mkdir(bad, { recursive: true }));
    await writeFile(
      join(bad, 'typo.yaml'),
      'name: typo\nturns:\n  - say: { text: "hi", tmeout_ms: 5 }\n',
    );
    const io = fakeIo();
    const code = await runCli(
      ['run', bad, '--agent', 'ws://127.0.0.1:9/media', '--out', join(dir, 'out-bad')],
      io,
    );
    expect(code).toBe(ExitCode.InvalidInput);
    expect(io.err).toMatch(/nothing was dialed/);
    expect(io.err).toMatch(
      /typo\.yaml:3:\d+ turns\[1\] \(say\): .*tmeout_ms.*did you mean 'timeout_ms'/,
    );
  });

  test('exits 2 for a bad agent URL and for a bad option value', async () => {
    const io = fakeIo();
    expect(await runCli(['run', join(dir, 'good.yaml'), '--agent', 'http://x/media'], io)).toBe(
      ExitCode.InvalidInput,
    );
    expect(io.err).toMatch(/ws:\/\/ or wss:\/\//);
    const io2 = fakeIo();
    expect(await runCli(['run', join(dir, 'good.yaml'), '--concurrency', '0'], io2)).toBe(
      ExitCode.InvalidInput,
    );
    expect(io2.err).toMatch(/--concurrency.*expected a whole number ≥ 1/);
  });

  test('a scenario needing recordings this machine lacks is skipped with its reason, and the run still passes', async () => {
    const suite = join(dir, 'with-recorded');
    await import('node:fs/promises').then((fs) => fs.mkdir(suite, { recursive: true }));
    await writeFile(join(suite, 'good.yaml'), GOOD);
    await writeFile(
      join(suite, 'digits.yaml'),
      'name: recorded\nturns:\n  - say: { digits: "415", recorded: fsdd }\n',
    );
    const out = join(dir, 'out-skip');
    const io = fakeIo();
    io.env = { CALLBENCH_FSDD_DIR: join(dir, 'no-such-fsdd') };
    const code = await runCli(
      ['run', suite, '--agent', agent.url, '--out', out, '--tts-cache', TEST_TTS_CACHE],
      io,
    );
    expect(code, io.err).toBe(ExitCode.Passed);
    expect(io.out).toMatch(
      /- recorded: skipped — needs \.\.\/shared\/data\/fsdd \(FSDD recordings\), not found at .*no-such-fsdd; set CALLBENCH_FSDD_DIR/,
    );
    expect(io.out).toMatch(/PASSED .*; 1 scenario\(s\) skipped/);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(
      /<testsuite name="callbench scenarios" tests="2" failures="0" errors="0" skipped="1"/,
    );
    expect(junit).toMatch(
      /<testcase classname="[^"]*digits\.yaml" name="recorded" time="0\.000">\n\s+<skipped message="needs \.\.\/shared\/data\/fsdd/,
    );
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.skipped).toEqual([
      {
        scenario: 'recorded',
        file: join(suite, 'digits.yaml'),
        reason: expect.stringMatching(/^needs \.\.\/shared\/data\/fsdd/),
      },
    ]);
  });

  test('--help describes the command and its exit codes', async () => {
    const io = fakeIo();
    expect(await runCli(['run', '--help'], io)).toBe(ExitCode.Passed);
    expect(io.out).toMatch(/--concurrency <n>/);
    expect(io.out).toMatch(/Exit codes: 0 all calls passed/);
  });

  test('Ctrl-C hangs up, writes what finished, and exits 130', async () => {
    const scenarios = join(dir, 'many');
    await import('node:fs/promises').then((fs) => fs.mkdir(scenarios, { recursive: true }));
    // One quick call and one that would take a minute.
    await writeFile(
      join(scenarios, 'a-quick.yaml'),
      'name: quick\ncaller: { voice: kal }\nturns:\n  - say: { text: "hi", expect_reply: false }\n',
    );
    await writeFile(
      join(scenarios, 'b-slow.yaml'),
      'name: slow\ncaller: { voice: kal }\nturns:\n  - silence: 60000\n',
    );
    const out = join(dir, 'out-int');
    const child = spawn(
      process.execPath,
      [
        'bin/callbench.js',
        'run',
        scenarios,
        '--agent',
        agent.url,
        '--out',
        out,
        '--tts-cache',
        TEST_TTS_CACHE,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let interrupted = false;
    child.stdout.on('data', (d) => {
      stdout += String(d);
      // One Ctrl-C (a second would mean "quit at once", and one arriving as the process exits kills it).
      if (stdout.includes('✓ quick') && !interrupted) {
        interrupted = true;
        setTimeout(() => child.kill('SIGINT'), 300);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(ExitCode.Interrupted);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.interrupted).toBe(true);
    expect(summary.calls).toMatchObject({ total: 2, passed: 1, aborted: 1, not_started: 0 });
    const events = (await readFile(join(out, 'events.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(
      events
        .filter((e) => e.type === 'call_ended')
        .map((e) => e.status)
        .sort(),
    ).toEqual(['aborted', 'passed']);
  }, 30_000);
});
