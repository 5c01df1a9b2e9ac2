/**
 * `policy: llm` callers in `callbench load`, against a fixture agent (greets, answers each caller
 * line) and the local fake OpenAI server:
 *
 * - with --allow-llm-callers the caller's lines are asked of the model (on worker threads, whose
 *   replies the main thread writes to the cache file);
 * - then, without the flag, the full cache replays the calls: no request, and they pass;
 * - with one reply dropped from the cache, the call fails with the cache-miss message (the caller
 *   says its fallback line and hangs up), and still no request is made.
 *
 * The fixture agent reports no side channel, so the caller hears "(the agent says nothing)" each
 * turn and its conversation (hence each cache key) is the same on every call.
 */
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeOpenAiServer,
  textReply,
  type FakeOpenAiServer,
} from '../agent/providers/testing/fake-openai-server.ts';
import { ExitCode } from '../src/cli/exit-codes.ts';
import { fakeIo } from '../src/cli/fake-io.ts';
import { runCli } from '../src/cli/program.ts';
import { startGreetingAgent, type GreetingAgent } from './fixtures/greeting-agent.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from './helpers.ts';

let kit: Kit;
let agent: GreetingAgent;
let fake: FakeOpenAiServer;
let dir: string;

/** The model's line for the nth user message of a conversation: ask, then say goodbye and hang up. */
const LINES = [
  '{"say": "Hi, I want to check on my order.", "dtmf": null, "hangup": false}',
  '{"say": "Great, thanks. Bye.", "dtmf": null, "hangup": true}',
];

beforeAll(async () => {
  kit = await makeKit();
  agent = await startGreetingAgent({
    greetAtMs: 0,
    greeting: [await kit.speech('thanks for calling')],
    sentenceGapMs: 300,
    replies: [await kit.speech('okay')],
    replyDelayMs: 300,
  });
  fake = await startFakeOpenAiServer({
    fallback: (request) => {
      const messages = request.body.messages as { role: string }[];
      const asked = messages.filter((m) => m.role === 'user').length;
      return textReply(LINES[Math.min(asked, LINES.length) - 1]);
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'callbench-llm-load-'));
  await writeFile(
    join(dir, 'llm.yaml'),
    [
      'name: llm-caller',
      'caller:',
      '  voice: kal',
      '  line_noise_dbfs: -60',
      '  goal: "check on my order AB3792"',
      '  facts: { order_id: AB3792 }',
      '  policy: llm',
      '  max_turns: 4',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await Promise.all([agent?.close(), fake?.close(), kit?.close()]);
});

interface LoadRun {
  code: number;
  output: string;
  /** calls.csv rows as column → cell. */
  calls: Record<string, string>[];
}

/** `callbench load` of the scenario in `cwd` (whose .callbench/caller-cache.json it uses), one VU. */
async function load(cwd: string, out: string, ...extra: string[]): Promise<LoadRun> {
  const io = fakeIo(undefined, cwd);
  Object.assign(io.env, {
    OPENAI_API_KEY: fake.apiKey,
    OPENAI_BASE_URL: fake.baseURL,
    CALLBENCH_CALLER_MODEL: 'test-model',
    CALLBENCH_CALLER_TIMEOUT_MS: '20000',
  });
  const code = await runCli(
    [
      'load',
      join(cwd, 'llm.yaml'),
      '--agent',
      agent.url,
      '--vus',
      '1',
      '--duration',
      '1s',
      '--graceful-stop',
      '90s',
      '--threshold',
      'call_failure_rate=rate<0.5',
      '--tts-cache',
      TEST_TTS_CACHE,
      '--out',
      join(cwd, out),
      '--plain',
      ...extra,
    ],
    io,
  );
  const [header, ...rows] = (await readFile(join(cwd, out, 'calls.csv'), 'utf8'))
    .trim()
    .split('\n');
  const columns = header.split(',');
  // The reason column may hold commas (quoted); the columns read here come before it or are it.
  const calls = rows.map((row) => {
    const cells = [...row.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) =>
      m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1],
    );
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
  return { code, output: io.out + io.err, calls };
}

describe('callbench load with policy: llm callers', () => {
  it('asks the model with --allow-llm-callers, then replays the full cache with no request, and fails a call on a miss without asking', async () => {
    // 1. The flag: misses go to the model (here from worker threads).
    const asked = await load(dir, 'allowed', '--allow-llm-callers', '--threads', '2');
    expect(asked.code, asked.output).toBe(ExitCode.Passed);
    expect(asked.calls.length).toBeGreaterThanOrEqual(1);
    expect(asked.calls.every((c) => c.status === 'passed')).toBe(true);
    expect(fake.requests.length).toBe(2);
    expect(fake.requests.every((r) => r.body.model === 'test-model')).toBe(true);
    const cacheFile = join(dir, '.callbench', 'caller-cache.json');
    const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as {
      replies: Record<string, { say: string | null; prompt?: string }>;
    };
    expect(Object.values(cache.replies).map((r) => r.say)).toEqual(
      expect.arrayContaining(['Hi, I want to check on my order.', 'Great, thanks. Bye.']),
    );

    // 2. No flag, a full cache: the same calls, no request. 3. No flag, the goodbye dropped from
    // a copy of the cache (in another directory, so both runs go at once): the call fails saying
    // why, and no request is made.
    const other = await mkdtemp(join(tmpdir(), 'callbench-llm-load-miss-'));
    await mkdir(join(other, '.callbench'));
    await copyFile(join(dir, 'llm.yaml'), join(other, 'llm.yaml'));
    const kept = Object.fromEntries(
      Object.entries(cache.replies).filter(([, r]) => r.say !== 'Great, thanks. Bye.'),
    );
    await writeFile(
      join(other, '.callbench', 'caller-cache.json'),
      JSON.stringify({ version: 1, replies: kept }),
    );
    const [replayed, missed] = await Promise.all([load(dir, 'replayed'), load(other, 'missed')]);
    expect(replayed.code, replayed.output).toBe(ExitCode.Passed);
    expect(replayed.calls.every((c) => c.status === 'passed')).toBe(true);
    expect(missed.code, missed.output).toBe(ExitCode.Failed);
    expect(missed.calls.length).toBeGreaterThanOrEqual(1);
    for (const call of missed.calls) {
      expect(call.status).toBe('failed');
      expect(call.reason).toMatch(
        /llm reply not in the cache \(load runs llm callers from the cache; run `callbench run` first to fill it, or pass --allow-llm-callers\)/,
      );
    }
    expect(fake.requests.length).toBe(2);
  }, 300_000);
});
