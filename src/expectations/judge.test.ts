import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  startFakeOpenAiServer,
  textReply,
  type FakeOpenAiServer,
} from '../../agent/providers/testing/fake-openai-server.ts';
import { createJudge, judgeFromEnv, parseVerdict, type Judge, type JudgeOptions } from './judge.ts';

let fake: FakeOpenAiServer;
let dir: string;
let cacheFile: string;
const open: Judge[] = [];

beforeEach(async () => {
  fake = await startFakeOpenAiServer();
  dir = await mkdtemp(join(tmpdir(), 'callbench-judge-'));
  cacheFile = join(dir, '.callbench', 'judge-cache.json');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((j) => j.close().catch(() => undefined)));
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

function makeJudge(overrides: Partial<JudgeOptions> = {}): Judge {
  const judge = createJudge({
    baseUrl: fake.baseURL,
    apiKey: fake.apiKey,
    model: 'fake-judge',
    cacheFile,
    maxRetries: 0,
    timeoutMs: 5000,
    ...overrides,
  });
  open.push(judge);
  return judge;
}

const CRITERION = 'The agent confirms the order number back to the caller.';
const TRANSCRIPT =
  'caller: my order is A B 1 2\nagent: Thanks, that is order AB12. It shipped yesterday.';
const verdictJson = (passed: boolean, reason: string): string => JSON.stringify({ passed, reason });

describe('createJudge', () => {
  test('asks for a strict JSON verdict at temperature 0 and parses it', async () => {
    fake.enqueue(textReply(verdictJson(true, 'The agent read back order AB12.')));
    const verdict = await makeJudge().judge(CRITERION, TRANSCRIPT);
    expect(verdict).toEqual({
      passed: true,
      reason: 'The agent read back order AB12.',
      cached: false,
    });
    expect(fake.requests).toHaveLength(1);
    const body = fake.requests[0].body;
    expect(body.model).toBe('fake-judge');
    expect(body.temperature).toBe(0);
    expect(body.stream).toBeUndefined();
    expect(body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { strict: true },
    });
    const messages = body.messages as { role: string; content: string }[];
    expect(messages[1].content).toContain(CRITERION);
    expect(messages[1].content).toContain(TRANSCRIPT);
  });

  test('a failed verdict is a verdict too', async () => {
    fake.enqueue(textReply(verdictJson(false, 'The agent never repeated the order number.')));
    expect(await makeJudge().judge(CRITERION, TRANSCRIPT)).toEqual({
      passed: false,
      reason: 'The agent never repeated the order number.',
      cached: false,
    });
  });

  test('a cached verdict makes no request, also for a new judge (a re-run) reading the file', async () => {
    fake.enqueue(textReply(verdictJson(true, 'read back')));
    const first = makeJudge();
    await first.judge(CRITERION, TRANSCRIPT);
    expect(await first.judge(CRITERION, TRANSCRIPT)).toEqual({
      passed: true,
      reason: 'read back',
      cached: true,
    });
    await first.close();
    expect(fake.requests).toHaveLength(1);

    const rerun = makeJudge({ baseUrl: 'http://127.0.0.1:9/v1' }); // unreachable: must not matter
    expect(await rerun.judge(CRITERION, TRANSCRIPT)).toEqual({
      passed: true,
      reason: 'read back',
      cached: true,
    });
    expect(fake.requests).toHaveLength(1);
    // Written atomically: only the cache file is left, no temp files.
    expect(await readdir(join(dir, '.callbench'))).toEqual(['judge-cache.json']);
  });

  test('a different transcript, criterion or model is a new request', async () => {
    fake.enqueue(
      textReply(verdictJson(true, 'a')),
      textReply(verdictJson(false, 'b')),
      textReply(verdictJson(false, 'c')),
      textReply(verdictJson(true, 'd')),
    );
    const judge = makeJudge();
    await judge.judge(CRITERION, TRANSCRIPT);
    expect((await judge.judge(CRITERION, `${TRANSCRIPT}\nagent: Goodbye.`)).reason).toBe('b');
    expect((await judge.judge('The agent says goodbye.', TRANSCRIPT)).reason).toBe('c');
    expect((await makeJudge({ model: 'other-model' }).judge(CRITERION, TRANSCRIPT)).reason).toBe(
      'd',
    );
    expect(fake.requests).toHaveLength(4);
  });

  test('concurrent verdicts all land in the cache file', async () => {
    const n = 6;
    for (let i = 0; i < n; i++) fake.enqueue(textReply(verdictJson(i % 2 === 0, `r${i}`)));
    const judge = makeJudge();
    await Promise.all(
      Array.from({ length: n }, (_, i) => judge.judge(CRITERION, `${TRANSCRIPT} #${i}`)),
    );
    await judge.close();
    const file = JSON.parse(await readFile(cacheFile, 'utf8')) as {
      verdicts: Record<string, unknown>;
    };
    expect(Object.keys(file.verdicts)).toHaveLength(n);
  });

  test("two judges sharing a cache file keep each other's verdicts", async () => {
    // Requests may arrive in either order: answer from the request, not from a queue.
    const echo = await startFakeOpenAiServer({
      fallback: (request) => {
        const user = (request.body.messages as { content: string }[])[1].content;
        return textReply(
          user.includes('transcript one') ? verdictJson(true, 'one') : verdictJson(false, 'two'),
        );
      },
    });
    try {
      const [a, b] = [makeJudge({ baseUrl: echo.baseURL }), makeJudge({ baseUrl: echo.baseURL })];
      await Promise.all([
        a.judge(CRITERION, 'transcript one'),
        b.judge(CRITERION, 'transcript two'),
      ]);
      await Promise.all([a.close(), b.close()]);
      expect(echo.requests).toHaveLength(2);
    } finally {
      await echo.close();
    }
    const rerun = makeJudge({ baseUrl: 'http://127.0.0.1:9/v1' });
    expect(await rerun.judge(CRITERION, 'transcript one')).toEqual({
      passed: true,
      reason: 'one',
      cached: true,
    });
    expect(await rerun.judge(CRITERION, 'transcript two')).toEqual({
      passed: false,
      reason: 'two',
      cached: true,
    });
  });

  test('tolerates a fenced answer, but not a verdict without a boolean', async () => {
    fake.enqueue(
      textReply('```json\n{"passed": true, "reason": "ok"}\n```'),
      textReply('{"passed": "yes", "reason": "ok"}'),
    );
    const judge = makeJudge();
    expect(await judge.judge(CRITERION, 'a')).toEqual({
      passed: true,
      reason: 'ok',
      cached: false,
    });
    const bad = await judge.judge(CRITERION, 'b');
    expect(bad).toMatchObject({ passed: false, cached: false, problem: 'malformed_answer' });
    expect(bad.reason).toContain('no boolean "passed"');
  });

  test('malformed output is a failed verdict naming the problem, and is not cached', async () => {
    fake.enqueue(textReply('I think the agent did fine.'), textReply(verdictJson(true, 'fine')));
    const judge = makeJudge();
    const verdict = await judge.judge(CRITERION, TRANSCRIPT);
    expect(verdict).toMatchObject({ passed: false, cached: false, problem: 'malformed_answer' });
    expect(verdict.reason).toMatch(/not JSON: "I think the agent did fine\."/);
    expect(verdict.reason).toContain('fake-judge');
    // The next run asks again rather than replaying the non-answer.
    expect(await judge.judge(CRITERION, TRANSCRIPT)).toMatchObject({ passed: true, cached: false });
  });

  test('a server error is a failed verdict saying the judge could not be reached', async () => {
    fake.enqueue({ type: 'error', status: 500, message: 'model overloaded' });
    const verdict = await makeJudge().judge(CRITERION, TRANSCRIPT);
    expect(verdict).toMatchObject({ passed: false, cached: false, problem: 'unreachable' });
    expect(verdict.reason).toMatch(/could not be reached.*HTTP 500.*model overloaded/);
  });

  test('a connection refused is a failed verdict, not a throw', async () => {
    const verdict = await makeJudge({ baseUrl: 'http://127.0.0.1:9/v1' }).judge(
      CRITERION,
      TRANSCRIPT,
    );
    expect(verdict).toMatchObject({ passed: false, problem: 'unreachable' });
    expect(verdict.reason).toContain('could not be reached');
  });

  test('a hung server times out into a failed verdict', async () => {
    fake.enqueue({ type: 'hang' });
    const started = performance.now();
    const verdict = await makeJudge({ timeoutMs: 300 }).judge(CRITERION, TRANSCRIPT);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(verdict).toMatchObject({ passed: false, problem: 'unreachable' });
    expect(verdict.reason).toMatch(/could not be reached.*no answer within 300 ms/);
    await expect.poll(() => fake.requests[0].clientClosedEarly).toBe(true);
  });

  test('cancelling through the signal gives a cancelled verdict', async () => {
    fake.enqueue({ type: 'hang' });
    const controller = new AbortController();
    const pending = makeJudge({ signal: controller.signal }).judge(CRITERION, TRANSCRIPT);
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ passed: false, problem: 'cancelled' });
  });

  test('a server that rejects response_format is asked again without it', async () => {
    fake.enqueue(
      { type: 'error', status: 400, message: "Invalid parameter: 'response_format'" },
      textReply(verdictJson(true, 'ok')),
      textReply(verdictJson(true, 'ok2')),
    );
    const judge = makeJudge();
    expect(await judge.judge(CRITERION, 'a')).toMatchObject({ passed: true, reason: 'ok' });
    expect(await judge.judge(CRITERION, 'b')).toMatchObject({ passed: true, reason: 'ok2' });
    expect(fake.requests.map((r) => r.body.response_format === undefined)).toEqual([
      false,
      true,
      true,
    ]);
  });

  test('a corrupt cache file is treated as empty and replaced', async () => {
    await makeJudge().close(); // nothing written yet
    await writeFile(join(dir, 'bad.json'), '{ not json');
    fake.enqueue(textReply(verdictJson(true, 'ok')));
    const judge = makeJudge({ cacheFile: join(dir, 'bad.json') });
    expect(await judge.judge(CRITERION, TRANSCRIPT)).toMatchObject({ passed: true, cached: false });
    await judge.close();
    expect(JSON.parse(await readFile(join(dir, 'bad.json'), 'utf8'))).toMatchObject({ version: 1 });
  });
});

describe('parseVerdict', () => {
  test.each([
    ['', 'empty answer'],
    ['[true]', 'not JSON'],
    ['{"passed": true}', 'no "reason"'],
    ['{"passed": true, "reason": "x"', 'not JSON'],
    ['{passed: true}', 'not valid JSON'],
  ])('%j → %s', (text, problem) => {
    const parsed = parseVerdict(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});

describe('judgeFromEnv', () => {
  test('null unless asked for: a key or base URL in the environment does not send the conversation anywhere', () => {
    expect(judgeFromEnv({}, cacheFile)).toBeNull();
    expect(
      judgeFromEnv(
        {
          OPENAI_API_KEY: 'sk-x',
          OPENAI_BASE_URL: 'https://api.example.com/v1',
          CALLBENCH_JUDGE_MODEL: 'm',
        },
        cacheFile,
      ),
    ).toBeNull();
    expect(judgeFromEnv({ OPENAI_API_KEY: 'sk-x', CALLBENCH_JUDGE: 'off' }, cacheFile)).toBeNull();
  });

  test('asked for without a key or endpoint, or asked for wrongly, is a configuration error', () => {
    expect(() => judgeFromEnv({ CALLBENCH_JUDGE: 'openai' }, cacheFile)).toThrow(
      /needs OPENAI_API_KEY/,
    );
    expect(() => judgeFromEnv({}, cacheFile, true)).toThrow(/needs OPENAI_API_KEY/);
    expect(() => judgeFromEnv({ CALLBENCH_JUDGE: 'yes' }, cacheFile)).toThrow(
      'CALLBENCH_JUDGE must be one of off, openai (or unset), got "yes"',
    );
  });

  test('uses the OpenAI-compatible endpoint and model from the environment', async () => {
    fake.enqueue(textReply(verdictJson(true, 'ok')));
    const judge = judgeFromEnv(
      {
        CALLBENCH_JUDGE: 'openai',
        OPENAI_API_KEY: fake.apiKey,
        OPENAI_BASE_URL: fake.baseURL,
        CALLBENCH_JUDGE_MODEL: 'env-model',
      },
      cacheFile,
    );
    expect(judge).not.toBeNull();
    if (judge) open.push(judge);
    expect(await judge?.judge(CRITERION, TRANSCRIPT)).toMatchObject({ passed: true });
    expect(fake.requests[0].body.model).toBe('env-model');
  });

  test('a bad timeout is a configuration error', () => {
    expect(() =>
      judgeFromEnv(
        { CALLBENCH_JUDGE: 'openai', OPENAI_API_KEY: 'k', CALLBENCH_JUDGE_TIMEOUT_MS: 'soon' },
        cacheFile,
      ),
    ).toThrow(/CALLBENCH_JUDGE_TIMEOUT_MS/);
  });
});
