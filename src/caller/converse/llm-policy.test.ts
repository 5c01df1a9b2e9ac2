/** policy: llm against the local fake OpenAI server: structured replies, the cache, and every failure giving the fallback line. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeOpenAiServer,
  textReply,
  type FakeOpenAiServer,
} from '../../../agent/providers/testing/fake-openai-server.ts';
import { DEFAULT_PERSONA } from '../../scenario/goal-types.ts';
import type { CallerGoal } from '../../scenario/types.ts';
import { CallerCache, callerPromptKey } from './caller-cache.ts';
import { CALLER_PROMPT_VERSION, LlmPolicy, parseCallerReply, systemPrompt } from './llm-policy.ts';

let fake: FakeOpenAiServer;
beforeAll(async () => {
  fake = await startFakeOpenAiServer();
});
afterAll(async () => {
  await fake.close();
});

const goal: CallerGoal = {
  goal: 'check on my order AB3792',
  opening: null,
  facts: [
    { name: 'order_id', type: 'code', value: 'AB3792', at: { file: 'x', line: 1, column: 1 } },
  ],
  persona: { ...DEFAULT_PERSONA },
  policy: 'llm',
  maxTurns: 12,
  replyGapMs: 800,
  rulesFile: null,
  hearing: 'auto',
};
const signal = new AbortController().signal;
const heard = (text: string) => ({ text, source: 'side_channel' as const });

async function policyWith(
  options: {
    key?: string;
    timeoutMs?: number;
    cacheFile?: string;
    limit?: ReturnType<typeof pLimit>;
  } = {},
) {
  const cacheFile =
    options.cacheFile ??
    join(await mkdtemp(join(tmpdir(), 'callbench-caller-cache-')), 'caller-cache.json');
  const client = new OpenAI({
    apiKey: options.key ?? fake.apiKey,
    baseURL: fake.baseURL,
    maxRetries: 0,
  });
  return {
    cacheFile,
    policy: new LlmPolicy(goal, {
      client,
      model: 'test-model',
      cache: new CallerCache(cacheFile),
      timeoutMs: options.timeoutMs ?? 5000,
      ...(options.limit ? { limit: options.limit } : {}),
    }),
  };
}

/** Polls `condition` every 10 ms for at most `ms`. */
async function until(condition: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !condition();) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('LlmPolicy', () => {
  it('asks with temperature 0, a seed and the reply schema, and says what the model answers', async () => {
    fake.enqueue(
      textReply('{"say": "I want to check on my order", "dtmf": null, "hangup": false}'),
    );
    const before = fake.requests.length;
    const { policy, cacheFile } = await policyWith();
    const m = await policy.decide(heard('How can I help?'), signal);
    expect(m).toMatchObject({
      say: 'I want to check on my order',
      dtmf: null,
      hangup: false,
      reason: { policy: 'llm' },
    });
    const body = fake.requests[before].body;
    expect(body).toMatchObject({ model: 'test-model', temperature: 0, seed: 7 });
    expect(JSON.stringify(body.response_format)).toContain('caller_reply');
    expect(JSON.stringify(body.messages)).toContain('AB3792');

    // Replayed from the cache: the same conversation makes no request, even without a key.
    const replay = new LlmPolicy(goal, {
      client: null,
      model: 'test-model',
      cache: new CallerCache(cacheFile),
      timeoutMs: 5000,
    });
    const count = fake.requests.length;
    expect(await replay.decide(heard('How can I help?'), signal)).toMatchObject({
      say: 'I want to check on my order',
      reason: { note: 'cached' },
    });
    expect(fake.requests.length).toBe(count);
    // A turn the cache does not hold, without a client: the fallback line, marked, and the
    // caller hangs up (every later turn would miss too).
    const missed = await replay.decide(heard('What is your order number?'), signal);
    expect(missed).toMatchObject({ say: 'Sorry, could you say that again?', hangup: true });
    expect(missed.reason.error).toMatch(/not in the cache and no OPENAI_API_KEY/);
    expect(fake.requests.length).toBe(count);
  });

  it("marks each cached reply with its prompt, and gives the policy's own cache-miss error", async () => {
    fake.enqueue(textReply('{"say": "Hello", "dtmf": null, "hangup": false}'));
    const { policy, cacheFile } = await policyWith();
    await policy.decide(heard('Hi?'), signal);
    const prompt = callerPromptKey(CALLER_PROMPT_VERSION, 'test-model', systemPrompt(goal));
    const cache = new CallerCache(cacheFile);
    expect(await cache.holdsPrompt(prompt)).toBe('yes');
    expect(await cache.holdsPrompt(callerPromptKey(CALLER_PROMPT_VERSION, 'other', 'x'))).toBe(
      'no',
    );
    const replay = new LlmPolicy(goal, {
      client: null,
      model: 'test-model',
      cache,
      timeoutMs: 5000,
      cacheMissError: 'not cached, says load',
    });
    expect((await replay.decide(heard('Something else?'), signal)).reason.error).toBe(
      'not cached, says load',
    );
  });

  it('waits for a free slot of its limit before asking: one request in flight with a limit of one', async () => {
    const slow = textReply('{"say": "first", "dtmf": null, "hangup": false}');
    if (slow.type === 'stream') slow.headersDelayMs = 1500;
    fake.enqueue(slow, textReply('{"say": "second", "dtmf": null, "hangup": false}'));
    const limit = pLimit(1);
    const before = fake.requests.length;
    const [first, second] = [await policyWith({ limit }), await policyWith({ limit })];
    const a = first.policy.decide(heard('One?'), signal);
    const b = second.policy.decide(heard('Two?'), signal);
    // Both have looked in their caches: the first request is at the server, still unanswered
    // (1.5 s), and the second waits in the limit, not sent.
    await until(() => fake.requests.length > before && limit.pendingCount === 1);
    expect(limit.activeCount).toBe(1);
    expect(fake.requests.length).toBe(before + 1);
    // Which policy asked first depends on which cache file was read first.
    const says = (await Promise.all([a, b])).map((m) => m.say).sort();
    expect(says).toEqual(['first', 'second']);
    expect(fake.requests.length).toBe(before + 2);
  });

  it('malformed JSON, a timeout and a 401 give the fallback line with the error, never a throw', async () => {
    fake.enqueue(textReply('sure thing!'));
    const malformed = await (await policyWith()).policy.decide(heard('Hi?'), signal);
    expect(malformed).toMatchObject({
      say: 'Sorry, could you say that again?',
      reason: { note: 'fallback' },
    });
    expect(malformed.reason.error).toMatch(/not JSON/);

    fake.enqueue({ type: 'hang' });
    const slow = await (await policyWith({ timeoutMs: 300 })).policy.decide(heard('Hi?'), signal);
    expect(slow.reason.error).toMatch(/did not answer within 300 ms/);

    const denied = await (
      await policyWith({ key: 'wrong-key' })
    ).policy.decide(heard('Hi?'), signal);
    expect(denied.reason.error).toMatch(/HTTP 401/);
  });

  it('reads keys and hang-ups, and rejects the wrong shape', () => {
    expect(
      parseCallerReply('```json\n{"say": null, "dtmf": "9 4 1 1 0 #", "hangup": false}\n```'),
    ).toEqual({ ok: true, say: null, dtmf: '94110#', hangup: false });
    expect(parseCallerReply('{"say": "bye", "dtmf": null, "hangup": true}')).toEqual({
      ok: true,
      say: 'bye',
      dtmf: null,
      hangup: true,
    });
    expect(parseCallerReply('{"say": 3}').ok).toBe(false);
  });
});
