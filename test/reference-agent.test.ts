/**
 * Full stack: the harness calls the real reference agent (embedded STT, dialog brain, flite TTS)
 * on 127.0.0.1 with synthesized callers, one call per domain, and checks what the agent did
 * through its /calls/:callSid side channel as well as what the caller heard.
 *
 * Everything here is deterministic audio (flite, a fixed "today", audio-time endpointing), so a
 * failure is a real change in recognition or dialog, not timing luck.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAgentConfig } from '../agent/config.ts';
import type { CallRecord } from '../agent/call-registry.ts';
import { startReferenceAgent, type RunningAgent } from '../agent/start.ts';
import type { CallResult } from '../src/caller/call.ts';
import { turnMetrics } from '../src/metrics/turn-metrics.ts';
import { loadScenarios } from '../src/scenario/load.ts';
import { ExitCode } from '../src/cli/exit-codes.ts';
import { fakeIo } from '../src/cli/fake-io.ts';
import { runCli } from '../src/cli/program.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from './helpers.ts';

const SCENARIOS = fileURLToPath(new URL('../scenarios/', import.meta.url));

let agent: RunningAgent;
let kit: Kit;

beforeAll(async () => {
  [agent, kit] = await Promise.all([
    startReferenceAgent(
      resolveAgentConfig({ port: 0, today: '2026-11-10', sttThreads: 2 }, {}),
      {},
    ),
    makeKit(),
  ]);
  for (const file of FILES) {
    const call = placeCall(file);
    call.catch(() => {}); // reported by the test that awaits it
    calls.set(file, call);
  }
  // The CLI run (two calls) starts once the shorter per-domain calls are done, while the longest
  // one finishes: three calls at once, never seven (seven at once on two cores, harness, agent
  // and recognizers, once cost a short "yes" its recognition in CI).
  const shorter = [...calls].filter(([file]) => file !== LONGEST_CALL).map(([, call]) => call);
  cliRun = Promise.allSettled(shorter).then(() => runWithEntities());
  cliRun.catch(() => {});
}, 60_000);

afterAll(async () => {
  await Promise.all([agent?.close(), kit?.close()]);
});

const FILES = [
  'orders/status-spelled.yaml',
  'benefits/verify.yaml',
  'appointments/phone-by-keypad.yaml',
  'orders/barge-in.yaml',
  'benefits/ask-for-human.yaml',
];
/** The call that lasts longest by far (nine turns): the CLI run overlaps it alone. */
const LONGEST_CALL = 'benefits/verify.yaml';
/** All calls run at once (they are real-time and independent): the suite waits for the longest, not the sum. */
const calls = new Map<string, Promise<{ result: CallResult; record: CallRecord }>>();

function callWith(file: string): Promise<{ result: CallResult; record: CallRecord }> {
  const call = calls.get(file);
  if (!call) throw new Error(`${file} is not in FILES`);
  return call;
}

async function placeCall(file: string): Promise<{ result: CallResult; record: CallRecord }> {
  const { scenarios, errors } = await loadScenarios([SCENARIOS + file]);
  expect(errors).toEqual([]);
  const result = await kit.call(await kit.prepare(scenarios[0]), agent.mediaUrl);
  const response = await fetch(`${agent.httpUrl}/calls/${result.callSid}`);
  expect(response.status).toBe(200);
  return { result, record: (await response.json()) as CallRecord };
}

/** The dialog as the agent heard it: the message of a failed expectation. */
function transcript(record: CallRecord): string {
  return record.turns.map((t) => `${t.turn} [${t.source}] "${t.heard}" → ${t.reply}`).join('\n');
}

function toolArgs(record: CallRecord, name: string): Record<string, unknown>[] {
  return record.toolCalls.filter((c) => c.name === name).map((c) => c.arguments);
}

let cliRun: Promise<{ code: ExitCode; out: string; entities: string[] }>;

/**
 * `callbench run` with entity scoring through the agent's side channel: one scenario declares
 * what the caller really says, a copy declares a value one digit off (as if the agent had
 * misheard) and must fail the entity threshold.
 */
async function runWithEntities(): Promise<{ code: ExitCode; out: string; entities: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'callbench-entities-run-'));
  const source = await readFile(SCENARIOS + 'orders/status-spelled.yaml', 'utf8');
  await writeFile(join(dir, 'right.yaml'), source);
  await writeFile(
    join(dir, 'off-by-one.yaml'),
    source
      .replace('name: order-status-spelled', 'name: order-status-off-by-one')
      .replace('entities: { order_id: AB3792 }', 'entities: { order_id: AB3793 }'),
  );
  const io = fakeIo(undefined, dir);
  const code = await runCli(
    [
      'run',
      dir,
      '--agent',
      agent.mediaUrl,
      '--out',
      join(dir, 'out'),
      '-c',
      '2',
      '--tts-cache',
      TEST_TTS_CACHE,
      '-t',
      'entity_exact_rate=rate>=1',
    ],
    io,
  );
  const entities = (await readFile(join(dir, 'out', 'entities.csv'), 'utf8')).trim().split('\n');
  return { code, out: io.out + io.err, entities };
}

describe('the harness against the reference agent', () => {
  it('scores declared entities against the tool arguments the agent reports, and an entity threshold fails the run', async () => {
    const { code, out, entities } = await cliRun;
    expect(entities[0]).toBe(
      'scenario,call_id,turn,entity,type,expected,captured,exact,cer,source',
    );
    expect(entities.slice(1).sort()).toEqual([
      expect.stringMatching(
        /^order-status-off-by-one,call-000\d,3,order_id,code,AB3793,AB3792,false,0\.167,side_channel$/,
      ),
      expect.stringMatching(
        /^order-status-spelled,call-000\d,3,order_id,code,AB3792,AB3792,true,0,side_channel$/,
      ),
    ]);
    expect(out).toMatch(/✗ entity_exact_rate: rate>=1 \(0\.5\)/);
    // The same call, judged by the copy's expectations: the agent read back what was said, not the copy's value.
    expect(out).toMatch(
      /✗ order-status-off-by-one .* expected agent reads back order_id \(AB3793\) — the agent said: "I heard A as in apple, B as in boy, 3, 7, 9, 2/,
    );
    expect(out).toMatch(/✓ order-status-spelled /);
    expect(code).toBe(ExitCode.Failed);
  }, 180_000);

  it('order status: a spelled code is recognized, read back, confirmed and looked up', async () => {
    const { result, record } = await callWith('orders/status-spelled.yaml');
    expect(result.reason).toBeNull();
    expect(result.status).toBe('passed');
    expect(toolArgs(record, 'lookup_order'), transcript(record)).toEqual([{ order_id: 'AB3792' }]);
    const latencies = turnMetrics(result.events).flatMap((t) =>
      t.latencyMs === null ? [] : [t.latencyMs],
    );
    expect(latencies.length).toBeGreaterThanOrEqual(4);
    // What the agent says it measured agrees with what the caller heard: its STT finalized the
    // turn after the caller stopped, and the caller waited longer than that.
    for (const turn of record.turns.filter((t) => t.stt_final_ms !== null))
      expect(turn.stt_final_ms).toBeGreaterThan(150);
  }, 120_000);

  it('benefits: member ID, date of birth and ZIP are verified, then benefits read', async () => {
    const { result, record } = await callWith('benefits/verify.yaml');
    expect(result.status).toBe('passed');
    expect(toolArgs(record, 'verify_member'), transcript(record)).toEqual([
      { member_id: 'M4827193', date_of_birth: '1985-03-15', zip: '94110' },
    ]);
    expect(toolArgs(record, 'get_benefits'), transcript(record)).toEqual([
      { member_id: 'M4827193' },
    ]);
  }, 180_000);

  it('appointments: a phone number entered on the keypad (DTMF, # to submit) finds and cancels the booking', async () => {
    const { result, record } = await callWith('appointments/phone-by-keypad.yaml');
    expect(result.status).toBe('passed');
    expect(
      record.heard.some((h) => h.type === 'dtmf' && h.text.replace(/#$/, '') === '4155550134'),
    ).toBe(true);
    expect(toolArgs(record, 'find_appointment'), transcript(record)).toEqual([
      { phone: '4155550134' },
    ]);
    expect(toolArgs(record, 'cancel_appointment'), transcript(record)).toEqual([
      { confirmation_code: 'C20417' },
    ]);
    expect(record.endReason).not.toBeNull();
  }, 120_000);

  it('barge-in: the agent clears its audio as soon as the caller talks over it, and keeps only what was heard', async () => {
    const { result, record } = await callWith('orders/barge-in.yaml');
    expect(result.status).toBe('passed');
    // The agent stopped by clearing Twilio's buffer with most of its reply still queued (not by
    // running out of audio). How fast is measured by bench:agent and the suite's reports, not
    // here: this test shares two cores with the rest of the suite.
    const interrupt = turnMetrics(result.events).find((t) => t.bargeInStopMs !== null);
    expect(interrupt?.bargeInStopMs).toBeGreaterThan(0);
    expect(interrupt?.bargeInStopMs).toBeLessThan(1500);
    const clear = result.events.find((e) => e.type === 'clear_received');
    expect(clear?.type === 'clear_received' && clear.flushedMs).toBeGreaterThan(1000);
    expect(record.bargeIns.length).toBeGreaterThanOrEqual(1);
    const cut = record.turns.find(
      (t) => t.interrupted && t.replyHeard !== null && t.replyHeard !== '',
    );
    expect(cut).toBeDefined();
    expect(cut!.reply.startsWith(cut!.replyHeard!)).toBe(true);
    expect(cut!.replyHeard!.length).toBeLessThan(cut!.reply.length);
  }, 120_000);

  it('a caller who asks for a person is transferred', async () => {
    const { result, record } = await callWith('benefits/ask-for-human.yaml');
    expect(result.status).toBe('passed');
    expect(toolArgs(record, 'transfer_to_human'), transcript(record)).toHaveLength(1);
  }, 60_000);
});
