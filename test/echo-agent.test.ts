/**
 * Full stack, speakerphone echo: the caller's line feeds the agent's own voice back into the
 * caller's channel (caller.line.echo). The reference agent's echo suppressor keeps it from taking
 * that for the caller; with --fault barge-in-on-echo it barges in on itself, and the harness must
 * catch that from what the caller heard (src/metrics/self-interruptions.ts).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveAgentConfig } from '../agent/config.ts';
import type { Fault } from '../agent/faults.ts';
import { startReferenceAgent } from '../agent/start.ts';
import { runSuite } from '../src/api.ts';
import { TEST_TTS_CACHE } from './helpers.ts';

const PROBE = fileURLToPath(
  new URL('./fixtures/scenarios/speakerphone-probe.yaml', import.meta.url),
);

async function callWith(faults: Fault[]) {
  const agent = await startReferenceAgent(
    resolveAgentConfig({ port: 0, today: '2026-11-10', sttThreads: 1, faults }, {}),
    {},
  );
  try {
    const outcome = await runSuite({
      paths: [PROBE],
      agentUrl: agent.mediaUrl,
      outDir: await mkdtemp(join(tmpdir(), 'callbench-echo-')),
      ttsCacheDir: TEST_TTS_CACHE,
      record: 'none',
    });
    if (outcome.kind !== 'completed') throw new Error(outcome.errors.join('\n'));
    return outcome.calls[0];
  } finally {
    await agent.close();
  }
}

describe('speakerphone echo', () => {
  it('the reference agent is not fooled by its own echo', async () => {
    const call = await callWith([]);
    expect(call.events.filter((e) => e.type === 'clear_received')).toEqual([]);
    expect(call.metrics.selfInterruptions).toBe(0);
    expect((call.expectations ?? []).map((e) => [e.turn, e.kind, e.passed])).toEqual([
      [1, 'says', true],
      [2, 'says', true],
    ]);
    expect(call.status).toBe('passed');
  }, 120_000);

  // What the agent says after cutting itself off varies (it may answer its own echo, and repeat
  // "how can I help"), so the test judges what the harness measured, not the words.
  it('an agent without echo suppression cuts its own greeting short, and the harness fails the call for it', async () => {
    const call = await callWith(['barge-in-on-echo']);
    expect(call.metrics.selfInterruptions).toBeGreaterThan(0);
    expect(call.status).toBe('failed');
    // Cutting itself off on its own echo, again and again, it may never get through the script:
    // the call then fails on max_duration_ms first, and the self-interruptions are still counted.
    expect(call.reason).toMatch(
      /^(the agent cut itself off while the caller was silent: a clear at \d+\.\d\d s|the call passed max_duration_ms)/,
    );
  }, 120_000);
});
