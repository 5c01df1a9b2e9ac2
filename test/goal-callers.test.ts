/**
 * Goal-driven callers against the real reference agent, with deliberate faults:
 *
 * - reorder-questions,paraphrase (an agent that asks for the same facts in another order and
 *   other words, as an LLM agent does from run to run): the scripted scenarios fail on it, the
 *   goal-driven variants of the same tasks pass.
 * - mishear-digit: the goal-driven caller hears its value read back wrong, says "no, it's …", and
 *   the call completes once the agent takes the correction.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../src/cli/exit-codes.ts';
import { fakeIo } from '../src/cli/fake-io.ts';
import { runCli } from '../src/cli/program.ts';
import { TEST_TTS_CACHE } from './helpers.ts';

const SCENARIOS = fileURLToPath(new URL('../scenarios/', import.meta.url));

interface Run {
  code: ExitCode;
  out: string;
  events: Record<string, unknown>[];
}

/** `callbench run` against the embedded reference agent with `faults` on. */
async function runWithFaults(faults: string, files: string[]): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'callbench-goal-'));
  const io = fakeIo(undefined, dir);
  (io.env as Record<string, string | undefined>).AGENT_FAULTS = faults;
  const code = await runCli(['run', ...files.map((f) => SCENARIOS + f), '--out', join(dir, 'out'), '-c', String(files.length), '--tts-cache', TEST_TTS_CACHE], io);
  const events = (await readFile(join(dir, 'out', 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, out: io.out + io.err, events };
}

const lines = (run: Run, scenario: string) => run.events.filter((e) => e.type === 'caller_line' && e.scenario === scenario);

// One agent at a time (each run starts its own): the machine running the suite may be small.
const scripted = runWithFaults('reorder-questions,paraphrase', ['benefits/verify.yaml', 'appointments/book.yaml']);
const goal = scripted.catch(() => null).then(() => runWithFaults('reorder-questions,paraphrase,mishear-digit', ['goal/benefits/verify.yaml', 'goal/appointments/book.yaml']));
scripted.catch(() => {});
goal.catch(() => {});

describe('goal-driven callers against an agent that reorders and rephrases its questions', () => {
  it('the scripted scenarios fail: they answer questions the agent did not ask', async () => {
    const run = await scripted;
    expect(run.code, run.out).toBe(ExitCode.Failed);
    expect(run.out).toMatch(/✗ benefits-verify /);
    expect(run.out).toMatch(/✗ appointment-book /);
  }, 600_000);

  it('the goal-driven variants pass, answering what was asked in the order it was asked', async () => {
    const run = await goal;
    expect(run.code, run.out).toBe(ExitCode.Passed);
    const benefits = lines(run, 'goal-benefits-verify').map((e) => e.intent);
    // The reordered agent asks for the ZIP code before the member ID (in its own words).
    expect(benefits.indexOf('ask_zip')).toBeGreaterThanOrEqual(0);
    expect(benefits.indexOf('ask_zip')).toBeLessThan(benefits.indexOf('ask_member_id'));
    const heard = lines(run, 'goal-benefits-verify').map((e) => String(e.heard)).join(' ');
    expect(heard).toMatch(/ZIP code on the account/);
  }, 600_000);
});

describe('goal-driven callers against an agent that also mishears a digit', () => {
  it('correct the read-back ("no, it\'s …"), and the calls complete once the agent takes the correction', async () => {
    const run = await goal;
    expect(run.code, run.out).toBe(ExitCode.Passed);
    for (const scenario of ['goal-benefits-verify', 'goal-appointment-book']) {
      const confirms = lines(run, scenario).filter((e) => e.intent === 'confirm');
      const correction = confirms.find((e) => e.note === 'correction: the read-back does not match');
      expect(correction, JSON.stringify(confirms)).toBeDefined();
      expect(String(correction?.say)).toMatch(/^No, it's /);
      expect(confirms.some((e) => e.fact === correction?.fact && e.say === 'Yes.' && e.note === 'read-back matches' && Number(e.t_ms) > Number(correction?.t_ms))).toBe(true);
    }
  }, 600_000);
});
