/**
 * Turn boundaries against agents that behave like production ones (issue #18): an agent that
 * greets the moment the stream starts is heard from its greeting's first sample, by the first
 * turn; and an agent that hangs up right after its goodbye ends the call normally, while one that
 * hangs up on a caller with more to say fails it, naming what was still expected.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CallResult } from '../src/caller/call.ts';
import { judgeCall } from '../src/expectations/evaluate.ts';
import { callMetrics } from '../src/metrics/call-metrics.ts';
import { agentSpeechSegments, ownsSpeech, turnWindows } from '../src/metrics/turn-windows.ts';
import type { Scenario } from '../src/scenario/types.ts';
import { startGreetingAgent } from './fixtures/greeting-agent.ts';
import { makeKit, scenario, turn, type Kit } from './helpers.ts';

/**
 * The agent's send time and the caller's arrival differ by the in-process transport (up to ~40 ms
 * for a message sent as the stream opens, on a heavily loaded machine): a loose bound, the precise
 * check being the caller's own arrival record, which pins the onset to 1 ms (heard only from the
 * caller's first frame, the onset would be that frame, 100–120 ms in; measured from the second
 * sentence, seconds off).
 */
const TRANSPORT_TOLERANCE_MS = 60;
const GREET_AT = [0, 20, 100];
const at = { file: 'test.yaml', line: 1, column: 1 };

let kit: Kit;
let greeting: Int16Array[];
let okay: Int16Array;
let goodbye: Int16Array;

beforeAll(async () => {
  kit = await makeKit();
  // The greeting opens on a voiced sound. "thanks for calling acme" opens with a faint "th" and
  // 40 ms of near-silence: on about 1 in 6 alignments of the audio to the 20 ms frame grid the VAD
  // does not call the "th" speech and the onset lands on the vowel, 82.5 ms later (a limit of the
  // listener's onset rule, noted on issue #18), which is not what this test is about.
  greeting = [await kit.speech('welcome to acme'), await kit.speech('how can I help you today')];
  okay = await kit.speech('okay, one moment');
  goodbye = await kit.speech('thanks for calling, goodbye');
}, 60_000);

afterAll(async () => {
  await kit?.close();
});

describe('an agent that greets at once is heard from its first sample, by the first turn', () => {
  const runs = new Map<number, { result: CallResult; expectedOnsetMs: number }>();
  let plan: Scenario;

  beforeAll(async () => {
    plan = scenario('greets-at-once', [
      { ...turn.listen(), expect: [{ kind: 'within_ms', ms: 150, at }] },
      turn.say('yes please'),
      turn.hangup(),
    ]);
    const prepared = await kit.prepare(plan);
    // One at a time: the measurement compares the agent's send time with what the caller heard, on one event loop.
    for (const greetAtMs of GREET_AT) {
      {
        const agent = await startGreetingAgent({
          greetAtMs,
          greeting,
          sentenceGapMs: 400,
          replies: [okay],
          replyDelayMs: 500,
        });
        try {
          const result = await kit.call(prepared, agent.url, `greet-${greetAtMs}`);
          const [expectedOnsetMs] = agent.greetingOnsetsMs();
          runs.set(greetAtMs, { result, expectedOnsetMs });
        } finally {
          await agent.close();
        }
      }
    }
  }, 60_000);

  test.each(GREET_AT)(
    'greeting at %i ms: first_agent_speech_ms and the listen turn both start at the greeting',
    async (greetAtMs) => {
      const run = runs.get(greetAtMs);
      if (!run) throw new Error('run missing');
      const { result, expectedOnsetMs } = run;
      expect(result.status, result.reason ?? '').toBe('passed');
      const m = callMetrics(result.events);
      // The fixture greets greetAtMs after `start` reaches it (a few ms to tens of ms after the stream
      // opened, on a loaded machine): the early ones begin before the caller's first frame.
      if (greetAtMs < 100) expect(m.firstAgentSpeechMs).toBeLessThan(m.turns[0].startedMs);
      // The greeting is heard from its first sample: where its first message arrived (it starts audible).
      const arrival = result.events.find((e) => e.type === 'agent_media_started')?.tMs ?? NaN;
      expect(
        Math.abs((m.firstAgentSpeechMs ?? NaN) - arrival),
        `first agent speech ${m.firstAgentSpeechMs}, arrival ${arrival}`,
      ).toBeLessThanOrEqual(1);
      expect(
        Math.abs((m.firstAgentSpeechMs ?? NaN) - expectedOnsetMs),
        `first agent speech ${m.firstAgentSpeechMs}, sent ${expectedOnsetMs}`,
      ).toBeLessThanOrEqual(TRANSPORT_TOLERANCE_MS);
      const listen = m.turns[0];
      // The caller's first frame is 100–120 ms in: the greeting began before the turn did, and is still its own.
      expect(listen.startedMs).toBeGreaterThanOrEqual(100);
      expect(listen.windowStartMs).toBe(0);
      expect(
        Math.abs((listen.agentOnsetMs ?? NaN) - (m.firstAgentSpeechMs ?? NaN)),
      ).toBeLessThanOrEqual(0.1);
      // The say turn's reply is measured as usual.
      expect(m.turns[1].latencyMs).toBeGreaterThan(400);
      // No heard agent speech is left out of every turn.
      const windows = turnWindows(result.events);
      for (const seg of agentSpeechSegments(result.events))
        expect(
          windows.some((w) => ownsSpeech(w, seg)),
          JSON.stringify(seg),
        ).toBe(true);
      // A listen turn's within_ms counts from the stream opening for the first turn.
      const judged = await judgeCall(plan, {
        events: result.events,
        turns: m.turns,
        agent: null,
        heard: null,
      });
      expect(judged.expectations[0]).toMatchObject({ kind: 'within_ms', passed: true });
    },
  );
});

describe('an agent that hangs up after its goodbye', () => {
  // Both calls at once, each on its own agent (nothing here is timed to the millisecond): the
  // file waits for the longer call rather than for the sum.
  let goodbyeCall: Promise<{ plan: Scenario; r: CallResult; hungUp: number }>;
  let cutOffCall: Promise<CallResult>;

  beforeAll(() => {
    goodbyeCall = (async () => {
      const agent = await startGreetingAgent({
        greetAtMs: 100,
        greeting,
        sentenceGapMs: 300,
        replies: [okay, goodbye],
        replyDelayMs: 500,
        hangUpAfterReply: { index: 1, afterMs: 400 },
      });
      try {
        // The closing listen would wait out 600 ms of silence after the goodbye: the agent hangs up first.
        const plan = scenario('goodbye', [
          turn.listen(),
          turn.say('I want to check on my order'),
          turn.say("no, that's all", { endSilenceMs: 1000 }),
          { ...turn.listen(), expect: [{ kind: 'ends_call', how: 'any', at }] },
        ]);
        const r = await kit.call(await kit.prepare(plan), agent.url, 'goodbye');
        return { plan, r, hungUp: agent.hungUp };
      } finally {
        await agent.close();
      }
    })();
    cutOffCall = (async () => {
      const agent = await startGreetingAgent({
        greetAtMs: 100,
        greeting,
        sentenceGapMs: 300,
        replies: [okay],
        replyDelayMs: 500,
        hangUpAfterReply: { index: 0, afterMs: 200 },
      });
      try {
        const plan = scenario('cut-off', [
          turn.listen(),
          turn.say('I want to check on my order', { endSilenceMs: 1000 }),
          turn.say('the number is 12'),
          turn.hangup(),
        ]);
        return await kit.call(await kit.prepare(plan), agent.url, 'cut-off');
      } finally {
        await agent.close();
      }
    })();
    goodbyeCall.catch(() => {}); // reported by the test that awaits it
    cutOffCall.catch(() => {});
  });

  test('ends the call normally when only a closing listen is left, and satisfies its ends_call', async () => {
    const { plan, r, hungUp } = await goodbyeCall;
    expect(hungUp).toBe(1);
    expect(r.status, r.reason ?? '').toBe('passed');
    const m = callMetrics(r.events);
    expect(m.endedBy).toBe('agent');
    expect(m.turns.map((t) => t.kind)).toEqual(['listen', 'say', 'say']); // the closing listen never began
    const judged = await judgeCall(plan, {
      events: r.events,
      turns: m.turns,
      agent: null,
      heard: null,
    });
    expect(judged.expectations).toEqual([
      expect.objectContaining({ kind: 'ends_call', passed: true, turn: 4 }),
    ]);
  }, 30_000);

  test('fails the call when the caller still had something to say, naming it', async () => {
    const r = await cutOffCall;
    expect(r.status).toBe('failed');
    expect(r.reason).toBe(
      'the agent hung up during turn 2; the script still expected turn 3 (say "the number is 12")',
    );
  }, 30_000);
});
