/**
 * Goal-driven callers against the real reference agent, with deliberate faults:
 *
 * - reorder-questions,paraphrase (an agent that asks for the same facts in another order and
 *   other words, as an LLM agent does from run to run): the scripted scenarios fail on it, the
 *   goal-driven variants of the same tasks pass.
 * - mishear-digit: the goal-driven caller hears its value read back wrong, says "no, it's …", and
 *   the call completes once the agent takes the correction.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
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
  /** calls.jsonl: each call's verdict, by scenario name. */
  calls: Map<string, { status: string; reason: string | null; complete?: boolean | null }>;
}

/**
 * `callbench run` against the embedded reference agent with `faults` on. The scenarios are copied
 * with a patient caller (`patience: high` for goal-driven ones, a long reply timeout for scripted
 * ones): on a loaded test machine the reference agent can take over ten seconds to answer, and these
 * tests are about what the callers say, not how fast the agent is.
 */
async function runWithFaults(faults: string, files: string[]): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'callbench-goal-'));
  const copies: string[] = [];
  for (const file of files) {
    const source = await readFile(SCENARIOS + file, 'utf8');
    const patient = source.includes('\n  goal:')
      ? source.replace('\n  goal:', '\n  persona: { patience: high }\n  goal:')
      : source.replace('\nturns:', '\nreply: { timeout_ms: 30000 }\nturns:');
    const copy = join(dir, file.replace(/\//g, '-'));
    await writeFile(copy, patient);
    copies.push(copy);
  }
  const io = fakeIo(undefined, dir);
  (io.env as Record<string, string | undefined>).AGENT_FAULTS = faults;
  const code = await runCli(
    [
      'run',
      ...copies,
      '--out',
      join(dir, 'out'),
      '-c',
      String(files.length),
      '--tts-cache',
      TEST_TTS_CACHE,
    ],
    io,
  );
  const jsonl = async (name: string) =>
    (await readFile(join(dir, 'out', name), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const calls = new Map(
    (await jsonl('calls.jsonl')).map((c) => [
      String(c.scenario),
      c as { status: string; reason: string | null; complete?: boolean | null },
    ]),
  );
  return { code, out: io.out + io.err, events: await jsonl('events.jsonl'), calls };
}

const lines = (run: Run, scenario: string) =>
  run.events.filter((e) => e.type === 'caller_line' && e.scenario === scenario);

// Both runs at once (each starts its own agent; one call each): the calls are real-time, so the
// file waits for the longer one rather than for the sum.
const scripted = runWithFaults('reorder-questions,paraphrase', ['benefits/verify.yaml']);
const goal = runWithFaults('reorder-questions,paraphrase,mishear-digit', [
  'goal/benefits/verify.yaml',
]);
scripted.catch(() => {});
goal.catch(() => {});

describe('goal-driven callers against an agent that reorders and rephrases its questions', () => {
  it('the scripted scenarios fail: they answer questions the agent did not ask', async () => {
    const run = await scripted;
    expect(run.code, run.out).toBe(ExitCode.Failed);
    // The task was not done: the script said its member ID when asked for a ZIP code.
    expect(run.calls.get('benefits-verify')?.complete, run.out).toBe(false);
  }, 600_000);

  it('the goal-driven variants pass, answering what was asked in the order it was asked', async () => {
    const run = await goal;
    expect(run.code, run.out).toBe(ExitCode.Passed);
    expect(run.calls.get('goal-benefits-verify')?.complete).toBe(true);
    const benefits = lines(run, 'goal-benefits-verify').map((e) => e.intent);
    // The reordered agent asks for the ZIP code before the member ID (in its own words).
    expect(benefits.indexOf('ask_zip')).toBeGreaterThanOrEqual(0);
    expect(benefits.indexOf('ask_zip')).toBeLessThan(benefits.indexOf('ask_member_id'));
    const heard = lines(run, 'goal-benefits-verify')
      .map((e) => String(e.heard))
      .join(' ');
    expect(heard).toMatch(/ZIP code on the account/);
  }, 600_000);
});

describe('a goal-driven caller against an agent that also mishears a digit', () => {
  it('corrects the read-back ("no, it\'s …"), and the calls complete once the agent takes the correction', async () => {
    const run = await goal;
    expect(run.code, run.out).toBe(ExitCode.Passed);
    for (const scenario of ['goal-benefits-verify']) {
      const confirms = lines(run, scenario).filter((e) => e.intent === 'confirm');
      const correction = confirms.find(
        (e) => e.note === 'correction: the read-back does not match',
      );
      expect(correction, JSON.stringify(confirms)).toBeDefined();
      expect(String(correction?.say)).toMatch(/^No, it's /);
      expect(
        confirms.some(
          (e) =>
            e.fact === correction?.fact &&
            e.say === 'Yes.' &&
            e.note === 'read-back matches' &&
            Number(e.t_ms) > Number(correction?.t_ms),
        ),
      ).toBe(true);
    }
  }, 600_000);
});
