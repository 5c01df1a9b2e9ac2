/**
 * `policy: llm` callers in `callbench load`, before dialling (--dry-run runs the same checks): from
 * the cache only unless --allow-llm-callers, a scenario the cache holds nothing of refused, the
 * flag without a key refused naming OPENAI_API_KEY.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callerPromptKey } from '../caller/converse/caller-cache.ts';
import { CALLER_PROMPT_VERSION, systemPrompt } from '../caller/converse/llm-policy.ts';
import { ExitCode } from '../cli/exit-codes.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { runCli } from '../cli/program.ts';
import { requestShare } from '../engine/generator/llm-caller-policy.ts';
import { loadScenarios } from '../scenario/load.ts';

const LLM_SCENARIO =
  'name: goal-llm\ncaller: { goal: "check on my order", facts: { order_id: AB3792 }, policy: llm }\n';
const DRY = ['--vus', '1', '--duration', '2s', '-a', 'ws://127.0.0.1:9/media', '--dry-run'];

async function project(): Promise<{ dir: string; file: string; cache: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'callbench-load-llm-'));
  const file = join(dir, 'llm.yaml');
  await writeFile(file, LLM_SCENARIO);
  await mkdir(join(dir, '.callbench'));
  return { dir, file, cache: join(dir, '.callbench', 'caller-cache.json') };
}

async function writeCache(file: string, prompt: string | undefined): Promise<void> {
  const reply = { say: 'hi', dtmf: null, hangup: false, model: 'gpt-4o-mini' };
  await writeFile(
    file,
    JSON.stringify({ version: 1, replies: { k: prompt ? { ...reply, prompt } : reply } }),
  );
}

async function dryRun(dir: string, args: string[], env: Record<string, string> = {}) {
  const io = fakeIo(undefined, dir);
  Object.assign(io.env, env);
  const code = await runCli(['load', ...args, ...DRY], io);
  return { code, err: io.err };
}

/** The prompt key of the scenario's conversation with the default model. */
async function promptOf(file: string): Promise<string> {
  const { scenarios } = await loadScenarios([file]);
  const goal = scenarios[0].caller.goal;
  if (!goal) throw new Error('no goal');
  return callerPromptKey(CALLER_PROMPT_VERSION, 'gpt-4o-mini', systemPrompt(goal));
}

describe('callbench load with policy: llm callers, before dialling', () => {
  it('refuses a scenario the cache holds no reply of (exit 2), naming the scenario, the cache and the flag', async () => {
    const { dir, file } = await project();
    const { code, err } = await dryRun(dir, [file]);
    expect(code).toBe(ExitCode.InvalidInput);
    expect(err).toMatch(
      /llm\.yaml: scenario "goal-llm" has caller\.policy: llm and \.callbench\/caller-cache\.json holds no reply of its conversation with gpt-4o-mini: load runs llm callers from the cache \(fill it with `callbench run`\), or pass --allow-llm-callers/,
    );
    // A key alone does not let load ask: asking is the flag's.
    expect((await dryRun(dir, [file], { OPENAI_API_KEY: 'sk-test' })).code).toBe(
      ExitCode.InvalidInput,
    );
  });

  it('accepts it when the cache holds a reply of its conversation, or replies too old to tell', async () => {
    const { dir, file, cache } = await project();
    await writeCache(cache, await promptOf(file));
    const held = await dryRun(dir, [file]);
    expect(held.code, held.err).toBe(ExitCode.Passed);
    // Another model's replies are not this conversation's.
    const otherModel = await dryRun(dir, [file], { CALLBENCH_CALLER_MODEL: 'other-model' });
    expect(otherModel.code).toBe(ExitCode.InvalidInput);
    expect(otherModel.err).toMatch(/holds no reply of its conversation with other-model/);
    await writeCache(cache, undefined);
    const legacy = await dryRun(dir, [file]);
    expect(legacy.code, legacy.err).toBe(ExitCode.Passed);
  });

  it('with --allow-llm-callers needs OPENAI_API_KEY (exit 2 naming it), and then no cache', async () => {
    const { dir, file } = await project();
    const keyless = await dryRun(dir, [file, '--allow-llm-callers']);
    expect(keyless.code).toBe(ExitCode.InvalidInput);
    expect(keyless.err).toMatch(
      /scenario "goal-llm" has caller\.policy: llm and --allow-llm-callers asks its model \(gpt-4o-mini at api\.openai\.com\), but OPENAI_API_KEY is not set/,
    );
    const keyed = await dryRun(dir, [file, '--allow-llm-callers', '--llm-concurrency', '3'], {
      OPENAI_API_KEY: 'sk-test',
    });
    expect(keyed.code, keyed.err).toBe(ExitCode.Passed);
  });

  it('--llm-concurrency without --allow-llm-callers is an option error', async () => {
    const { dir, file } = await project();
    const { code, err } = await dryRun(dir, [file, '--llm-concurrency', '4']);
    expect(code).toBe(ExitCode.InvalidInput);
    expect(err).toMatch(/--llm-concurrency applies with --allow-llm-callers only/);
  });

  it('splits the request cap over the generator threads, at least one each', () => {
    expect(requestShare(8, 1)).toBe(8);
    expect(requestShare(8, 3)).toBe(2);
    expect(requestShare(2, 4)).toBe(1);
  });
});
