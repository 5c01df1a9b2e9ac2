/**
 * The harness's central claim: turn latency and barge-in reaction are measured on what the
 * caller heard, to the millisecond. Purpose-built agents answer with known audible timing in
 * the four ways real agents deliver audio; the measurement must match within ±5 ms (latency)
 * and ±10 ms (barge-in), on every turn of repeated calls. All calls run at once, sharing one
 * scheduler, as in a run.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CallResult } from '../src/caller/call.ts';
import { callMetrics } from '../src/metrics/call-metrics.ts';
import { startBargeInAgent, type BargeInAgent } from './fixtures/barge-in-agent.ts';
import { startTimedAgent, type Delivery, type TimedAgent } from './fixtures/timed-agent.ts';
import { makeKit, scenario, turn, type Kit } from './helpers.ts';

const DELIVERIES: Delivery[] = ['immediate', 'leading_silence', 'burst', 'paced'];
const CALLS_EACH = 2;

let kit: Kit;
const timed = new Map<Delivery, { agent: TimedAgent; results: CallResult[] }>();
let bargeIn: { agent: BargeInAgent; results: CallResult[] };

beforeAll(async () => {
  kit = await makeKit();
  const reply = await kit.speech('okay');
  const long = await kit.speech(
    'your order shipped on monday and should arrive by thursday at the latest',
  );
  const say = await kit.prepare(
    scenario('timed', [
      turn.say('yes'),
      turn.say('no thanks'),
      turn.say('one two three'),
      turn.hangup(),
    ]),
  );
  const interrupt = await kit.prepare(
    scenario('barge-in', [
      turn.say('where is my order', { expectReply: false }),
      turn.interrupt(700, 'wait stop'),
      turn.hangup(),
    ]),
  );
  const runs: Promise<void>[] = [];
  for (const delivery of DELIVERIES) {
    const agent = await startTimedAgent({ delivery, replyDelayMs: 700, reply });
    runs.push(
      Promise.all(
        Array.from({ length: CALLS_EACH }, (_, i) => kit.call(say, agent.url, `${delivery}-${i}`)),
      ).then((results) => void timed.set(delivery, { agent, results })),
    );
  }
  const bAgent = await startBargeInAgent({
    longReply: long,
    shortReply: reply,
    replyDelayMs: 400,
    clearAfterMs: 180,
  });
  runs.push(
    Promise.all(
      Array.from({ length: CALLS_EACH }, (_, i) => kit.call(interrupt, bAgent.url, `barge-${i}`)),
    ).then((results) => void (bargeIn = { agent: bAgent, results })),
  );
  await Promise.all(runs);
}, 60_000);

afterAll(async () => {
  for (const { agent } of timed.values()) await agent.close();
  await bargeIn?.agent.close();
  await kit?.close();
});

/** Each call's expectations, by the order its replies went out; calls are matched by value. */
function matchCalls(
  measured: (number | null)[][],
  expected: number[][],
  tolerance: number,
): string | null {
  const free = [...expected];
  for (const m of measured) {
    const i = free.findIndex(
      (e) =>
        e.length === m.length &&
        e.every((x, j) => m[j] !== null && Math.abs(x - (m[j] as number)) <= tolerance),
    );
    if (i < 0)
      return `measured ${JSON.stringify(m)} matches no expectation in ${JSON.stringify(expected.map((e) => e.map((x) => Math.round(x * 10) / 10)))}`;
    free.splice(i, 1);
  }
  return null;
}

describe('turn latency equals the known audible delay (±5 ms)', () => {
  test.each(DELIVERIES)('%s delivery', (delivery) => {
    const run = timed.get(delivery);
    if (!run) throw new Error('run missing');
    for (const r of run.results) expect(r.status, r.reason ?? '').toBe('passed');
    const measured = run.results.map((r) =>
      callMetrics(r.events)
        .turns.filter((t) => t.kind === 'say')
        .map((t) => t.latencyMs),
    );
    const expected = Array.from({ length: CALLS_EACH }, (_, c) =>
      run.agent.expected
        .filter((e) => e.callIndex === c)
        .sort((a, b) => a.replyIndex - b.replyIndex)
        .map((e) => e.expectedLatencyMs),
    );
    expect(measured.every((m) => m.length === 3)).toBe(true);
    expect(matchCalls(measured, expected, 5)).toBeNull();
  });
});

describe('barge-in reaction equals the known delay to clear (±10 ms)', () => {
  test('the agent clears a known time after the interruption begins', () => {
    for (const r of bargeIn.results) expect(r.status, r.reason ?? '').toBe('passed');
    const measured = bargeIn.results.map((r) =>
      callMetrics(r.events)
        .turns.filter((t) => t.kind === 'interrupt')
        .map((t) => t.bargeInStopMs),
    );
    const expected = Array.from({ length: CALLS_EACH }, (_, c) =>
      bargeIn.agent.expected.filter((e) => e.callIndex === c).map((e) => e.expectedStopMs),
    );
    expect(matchCalls(measured, expected, 10)).toBeNull();
  });

  test('marks pending at the clear are echoed, flagged as cleared', () => {
    for (const r of bargeIn.results) {
      const echoed = r.events.filter((e) => e.type === 'mark_echoed');
      const longMark = echoed.find((e) => e.type === 'mark_echoed' && e.name === 'long-reply');
      expect(longMark && longMark.type === 'mark_echoed' && longMark.cleared).toBe(true);
      const clear = r.events.find((e) => e.type === 'clear_received');
      expect(clear && clear.type === 'clear_received' && clear.flushedMs).toBeGreaterThan(1000);
    }
    expect(bargeIn.agent.marksEchoed.filter((m) => m.name === 'long-reply')).toHaveLength(
      CALLS_EACH,
    );
  });
});
