/**
 * Full stack against a deliberately wrong reference agent (it mishears one digit, skips the
 * read-back, and talks on when the caller cuts in): the harness must fail exactly the
 * expectations that check those things, pass the rest, and say why with the evidence it used.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAgentConfig } from '../agent/config.ts';
import { startReferenceAgent, type RunningAgent } from '../agent/start.ts';
import { runSuite } from '../src/api.ts';
import { runPassed } from '../src/summary/run-summary.ts';
import { TEST_TTS_CACHE } from './helpers.ts';

const PROBE = fileURLToPath(
  new URL('./fixtures/scenarios/wrong-agent-probe.yaml', import.meta.url),
);

let agent: RunningAgent;

beforeAll(async () => {
  const config = resolveAgentConfig(
    {
      port: 0,
      today: '2026-11-10',
      sttThreads: 1,
      faults: ['mishear-digit', 'skip-confirmation', 'ignore-barge-in'],
    },
    {},
  );
  agent = await startReferenceAgent(config, {});
}, 60_000);

afterAll(async () => {
  await agent?.close();
});

describe('a deliberately wrong agent', () => {
  it('fails exactly the expectations about the digit, the read-back and the barge-in', async () => {
    const outcome = await runSuite({
      paths: [PROBE],
      agentUrl: agent.mediaUrl,
      outDir: await mkdtemp(join(tmpdir(), 'callbench-wrong-')),
      ttsCacheDir: TEST_TTS_CACHE,
      record: 'none',
    });
    if (outcome.kind !== 'completed') throw new Error(outcome.errors.join('\n'));
    const [call] = outcome.calls;
    const verdicts = (call.expectations ?? []).map((e) => [e.turn, e.kind, e.passed, e.source]);
    expect(verdicts).toEqual([
      [1, 'says', true, 'side_channel'],
      [2, 'says', true, 'side_channel'],
      [2, 'within_ms', true, 'events'],
      [3, 'within_ms', true, 'events'],
      [4, 'reads_back', false, 'side_channel'],
      [4, 'stops_within_ms', false, 'events'],
      [null, 'tool_called', false, 'side_channel'],
      [null, 'transferred', true, 'side_channel'],
    ]);
    const failed = (call.expectations ?? []).filter((e) => !e.passed);
    expect(failed[0].reason).not.toMatch(/is that right/i);
    expect(failed[1].reason).toMatch(
      /never stopped talking|stopped \d+ ms after the caller cut in/,
    );
    // One digit misheard (the fault shifts the last digit the recognizer heard): one character in six.
    expect(failed[2].reason).toMatch(
      /^lookup_order was called with order_id = "AB379[013-9]", expected "AB3792"$/,
    );
    expect(call.entities).toMatchObject([
      {
        name: 'order_id',
        expected: 'AB3792',
        captured: expect.stringMatching(/^AB379[013-9]$/),
        exact: false,
      },
    ]);
    expect(call.entities?.[0].cer).toBeCloseTo(1 / 6, 3);
    expect(call.status).toBe('failed');
    expect(call.reason).toMatch(
      /^turn 4 \(line 17\): expected agent reads back order_id \(AB3792\)/,
    );
    expect(call.complete).toBe(false);
    expect(outcome.summary.completion).toEqual({ calls: 1, complete: 0, rate: 0 });
    expect(runPassed(outcome.summary)).toBe(false);
  }, 120_000);
});
