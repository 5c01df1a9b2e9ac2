/**
 * `interrupt: { after_ms }` is measured from the agent's first audible sample to the caller's
 * first voiced sample, whatever lead silence the caller's clip has. The barge-in fixture agent
 * observes both on its own clock (independent of the harness's events); each must be within
 * ±10 ms of the asked after_ms — including one shorter than the clip's lead silence, which the
 * caller skips into. And an interruption that comes after the reply ended fails with numbers.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CallResult } from '../src/caller/call.ts';
import { prepareUtterance } from '../src/caller/caller-audio.ts';
import { judgeCall } from '../src/expectations/evaluate.ts';
import { callMetrics } from '../src/metrics/call-metrics.ts';
import { startBargeInAgent, type BargeInAgent } from './fixtures/barge-in-agent.ts';
import { makeKit, scenario, turn, type Kit } from './helpers.ts';

const AFTER_MS = [120, 600, 1300];
const LEAD_SILENCE_SAMPLES = 260 * 8;

let kit: Kit;
let agent: BargeInAgent;
let results: CallResult[];
let leadSilenceMs: number;

beforeAll(async () => {
  kit = await makeKit();
  const reply = await kit.speech('okay');
  const long = await kit.speech(
    'your order shipped on monday and should arrive by thursday at the latest',
  );
  agent = await startBargeInAgent({
    longReply: long,
    shortReply: reply,
    replyDelayMs: 400,
    clearAfterMs: 150,
  });
  // The interruption's clip starts with 260 ms of silence, as clips from many TTS engines and
  // recordings do (the issue saw 209–275 ms).
  const words = await kit.speech('wait stop');
  const padded = new Int16Array(LEAD_SILENCE_SAMPLES + words.length);
  padded.set(words, LEAD_SILENCE_SAMPLES);
  const plans = await Promise.all(
    AFTER_MS.map(async (after) => {
      const plan = await kit.prepare(
        scenario(`cut-in-${after}`, [
          turn.say('where is my order', { expectReply: false }),
          turn.interrupt(after, 'wait stop'),
          turn.hangup(),
        ]),
      );
      const vad = kit.vad.create();
      try {
        return {
          ...plan,
          audio: new Map([
            ...plan.audio,
            [1, prepareUtterance(padded, plan.scenario.caller.lineNoiseDbfs, vad, 2)],
          ]),
        };
      } finally {
        vad.dispose();
      }
    }),
  );
  leadSilenceMs = (plans[0]?.audio.get(1)?.voiced?.startSample ?? 0) / 8;
  // One call at a time, so each call's index in the agent is its after_ms's.
  results = [];
  for (const [i, plan] of plans.entries())
    results.push(await kit.call(plan, agent.url, `cut-in-${i}`));
}, 60_000);

afterAll(async () => {
  await agent?.close();
  await kit?.close();
});

describe('interrupt after_ms: agent first audible sample → caller first voiced sample (±10 ms)', () => {
  test('the clip has lead silence longer than the shortest after_ms (so it is accounted for, not ignored)', () => {
    expect(leadSilenceMs).toBeGreaterThan(AFTER_MS[0] ?? 0);
  });

  test.each(AFTER_MS.map((after, i) => [after, i] as const))(
    'after_ms %i, as the agent observed it',
    (after, i) => {
      const result = results[i];
      expect(result?.status, result?.reason ?? '').toBe('passed');
      const observed = agent.cutIns.filter((c) => c.callIndex === i);
      expect(observed).toHaveLength(1);
      expect(Math.abs((observed[0]?.afterMs ?? Infinity) - after)).toBeLessThanOrEqual(10);
    },
  );

  test.each(AFTER_MS.map((after, i) => [after, i] as const))(
    'after_ms %i, as the harness logged it',
    (after, i) => {
      const started = results[i]?.events.find((e) => e.type === 'interrupt_started');
      if (started?.type !== 'interrupt_started') throw new Error('no interrupt_started');
      expect(started.afterMs).toBe(after);
      expect(Math.abs(started.tMs - started.agentOnsetMs - after)).toBeLessThanOrEqual(10);
      expect(
        callMetrics(results[i]?.events ?? []).turns.find((t) => t.kind === 'interrupt')
          ?.interruptedAgent,
      ).toBe(true);
    },
  );
});

describe('an interruption that interrupts nothing says when the agent spoke and when the caller did', () => {
  test('after_ms longer than the reply: the caller cuts in after it ended', async () => {
    const short = await startBargeInAgent({
      longReply: await kit.speech('okay then'),
      shortReply: await kit.speech('okay'),
      replyDelayMs: 300,
      clearAfterMs: 100,
    });
    try {
      const s = scenario('late', [
        turn.say('where is my order', { expectReply: false }),
        {
          ...turn.interrupt(1500, 'wait stop'),
          expect: [
            { kind: 'stops_within_ms', ms: 500, at: { file: 'late.yaml', line: 4, column: 5 } },
          ],
        },
        turn.hangup(),
      ]);
      const plan = await kit.prepare(s);
      const result = await kit.call(plan, short.url, 'late-0');
      const metrics = callMetrics(result.events);
      const judged = await judgeCall(
        s,
        { events: result.events, turns: metrics.turns, agent: null, heard: null, speech: 'auto' },
        undefined,
      );
      const failure = judged.expectations.find((e) => e.kind === 'stops_within_ms');
      expect(failure?.passed).toBe(false);
      expect(failure?.reason).toMatch(
        /^the agent was not speaking when the caller cut in: the agent spoke from \d+ ms to \d+ ms, the caller's voice started at \d+ ms \(\d+ ms after the agent's first audible sample, after_ms 1500\)$/,
      );
      const [, from, to, voice] =
        /spoke from (\d+) ms to (\d+) ms, the caller's voice started at (\d+) ms/.exec(
          failure?.reason ?? '',
        ) ?? [];
      expect(Number(voice) - Number(from)).toBeGreaterThanOrEqual(1490);
      expect(Number(voice)).toBeGreaterThan(Number(to));
    } finally {
      await short.close();
    }
  });
});
