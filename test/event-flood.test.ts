/**
 * An agent that floods audio past Twilio's playback buffer gets a bounded event log: the first
 * few `playback_overflow` events are kept (the timeline shows when it started), the rest are
 * counted on `call_ended`, and the violation count still totals every one.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { KEPT_PER_KIND } from '../src/caller/repeated-events.ts';
import { startFixtureServer } from './fixtures/fixture-server.ts';
import { makeKit, scenario, turn, type Kit } from './helpers.ts';

let kit: Kit;
beforeAll(async () => {
  kit = await makeKit();
});
afterAll(async () => {
  await kit?.close();
});

test('per-frame overflow warnings are counted; only the first few become events', async () => {
  const SECONDS_SENT = 700; // the buffer holds 600 s: the last 100 one-second messages overflow
  const server = await startFixtureServer({
    onStart(call) {
      const second = new Uint8Array(8000).fill(0xff); // mu-law digital silence
      for (let i = 0; i < SECONDS_SENT; i++) call.sendMedia(second);
    },
  });
  try {
    const plan = await kit.prepare(
      scenario('flood', [turn.listen({ timeoutMs: 1500 }), turn.hangup()]),
    );
    const r = await kit.call(plan, server.url);
    const overflows = r.events.filter((e) => e.type === 'playback_overflow');
    expect(overflows).toHaveLength(KEPT_PER_KIND);
    const ended = r.events.find((e) => e.type === 'call_ended');
    expect(ended).toMatchObject({
      violationCounts: { playback_overflow: 100 },
      suppressedEvents: { playback_overflow: 100 - KEPT_PER_KIND },
    });
    expect(r.events.filter((e) => e.type === 'violation')).toHaveLength(1);
    expect(r.events.length).toBeLessThan(50);
  } finally {
    await server.close();
  }
}, 30_000);
