/**
 * Full stack, webhook first: the harness POSTs the real reference agent's voice webhook, reads
 * its TwiML and dials the stream it names, with and without TWILIO_AUTH_TOKEN (the agent then
 * checks both signatures, behind a public URL mapped to 127.0.0.1), and a wrong token is refused
 * the way Twilio would see it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAgentConfig } from '../agent/config.ts';
import { startReferenceAgent, type RunningAgent } from '../agent/start.ts';
import { runSuite, type RunOutcome } from '../src/api.ts';
import type { WebhookCallConfig } from '../src/caller/call-setup.ts';
import { TEST_TTS_CACHE } from './helpers.ts';

const SCENARIOS = fileURLToPath(new URL('../scenarios/', import.meta.url));
// The dialogs themselves are checked in reference-agent.test.ts: here a full dialog goes over the
// signed setup, and the shortest shipped one over the open setup (benefits/verify, nine turns,
// once doubled this file's time for no check of its own).
const FILES = ['orders/status-spelled.yaml', 'benefits/ask-for-human.yaml'].map((f) =>
  join(SCENARIOS, f),
);
const TOKEN = 'test-auth-token';
const PUBLIC = 'https://agent.example.com';

let signed: RunningAgent;
let open: RunningAgent;
let dir: string;

beforeAll(async () => {
  [signed, open] = await Promise.all([
    startReferenceAgent(
      resolveAgentConfig(
        { port: 0, today: '2026-11-10', sttThreads: 2, publicUrl: PUBLIC },
        { TWILIO_AUTH_TOKEN: TOKEN },
      ),
      {},
    ),
    startReferenceAgent(
      resolveAgentConfig({ port: 0, today: '2026-11-10', sttThreads: 2 }, {}),
      {},
    ),
  ]);
  dir = await mkdtemp(join(tmpdir(), 'callbench-webhook-'));
  signedRun = run(
    {
      webhookUrl: `${signed.httpUrl}/twilio/voice`,
      publicUrl: PUBLIC,
      authToken: TOKEN,
      from: '+15005550006',
      to: '+15005550001',
    },
    'signed',
    [SIGNED_FILE],
  );
  openRun = run(
    { webhookUrl: `${open.httpUrl}/twilio/voice`, from: '+15005550006', to: '+15005550001' },
    'open',
    [OPEN_FILE],
  );
  signedRun.catch(() => {}); // reported by the test that awaits it
  openRun.catch(() => {});
}, 60_000);
afterAll(async () => {
  await Promise.all([signed?.close(), open?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

function run(webhook: WebhookCallConfig, out: string, paths: string[]): Promise<RunOutcome> {
  return runSuite({
    paths,
    webhook,
    outDir: join(dir, out),
    ttsCacheDir: TEST_TTS_CACHE,
    record: 'none',
    cwd: dir,
  });
}

/**
 * The signed and the open run go at once, one scenario each (two calls in all, on two agents): the
 * calls are real-time, so the file waits for the longer one rather than for the sum.
 */
let signedRun: Promise<RunOutcome>;
let openRun: Promise<RunOutcome>;
const [SIGNED_FILE, OPEN_FILE] = FILES;

/**
 * The call passed the harness's own checks and every expectation but reply-time budgets: on a
 * machine shared by many test runs the reference agent's replies can miss a 2.5 s budget, which
 * says nothing about the call setup (the shipped suite's full numbers are measured by hand).
 */
function expectPassed(c: Extract<RunOutcome, { kind: 'completed' }>['calls'][number]): void {
  const ended = c.events.find((e) => e.type === 'call_ended');
  expect(ended?.type === 'call_ended' ? [ended.status, ended.reason] : null, c.scenario).toEqual([
    'passed',
    null,
  ]);
  const failed = (c.expectations ?? []).filter(
    (e) => !e.passed && !e.skipped && e.kind !== 'within_ms',
  );
  expect(
    failed.map((e) => `${e.description}: ${e.reason ?? ''}`),
    c.scenario,
  ).toEqual([]);
  expect(c.expectations?.length ?? 0, c.scenario).toBeGreaterThan(0);
}

function completed(outcome: RunOutcome): Extract<RunOutcome, { kind: 'completed' }> {
  if (outcome.kind !== 'completed') throw new Error(outcome.errors.join('\n'));
  return outcome;
}

describe('the reference agent called webhook first', () => {
  it('passes with TWILIO_AUTH_TOKEN: webhook and upgrade signed for the public URL, stream mapped to 127.0.0.1', async () => {
    const { calls, summary } = completed(await signedRun);
    for (const c of calls) expectPassed(c);
    expect(summary.calls.total).toBe(1);
    for (const c of calls) {
      const answered = c.events.find((e) => e.type === 'webhook_answered');
      expect(answered).toMatchObject({
        url: `${signed.httpUrl}/twilio/voice`,
        httpStatus: 200,
        twilioCode: null,
      });
      expect(c.metrics.webhookResponseMs).toBeGreaterThan(0);
      // The CallSid the webhook announced is the stream's, so the agent's side channel finds the call.
      expect(c.events.find((e) => e.type === 'call_started')).toMatchObject({
        callSid: c.callSid,
        url: signed.mediaUrl,
      });
      expect(signed.registry.get(c.callSid)).toBeTruthy();
    }
  }, 120_000);

  it('passes without TWILIO_AUTH_TOKEN: the wss:// stream the agent names for itself is dialled over ws://', async () => {
    const { calls } = completed(await openRun);
    for (const c of calls) expectPassed(c);
    expect(calls).toHaveLength(1);
  }, 120_000);

  it("a wrong auth token: the agent refuses the webhook, the call fails with 11200 and the agent's answer", async () => {
    const { calls } = completed(
      await runSuite({
        paths: [SIGNED_FILE],
        webhook: {
          webhookUrl: `${signed.httpUrl}/twilio/voice`,
          publicUrl: PUBLIC,
          authToken: 'wrong',
          from: '+1',
          to: '+2',
        },
        outDir: join(dir, 'wrong'),
        ttsCacheDir: TEST_TTS_CACHE,
        record: 'none',
        cwd: dir,
      }),
    );
    expect(calls[0]?.status).toBe('failed');
    expect(calls[0]?.reason).toMatch(
      /answered HTTP 403: invalid Twilio signature \(Twilio error 11200\)$/,
    );
  }, 60_000);
});
