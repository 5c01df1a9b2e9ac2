/** `policy: llm` without a key: invalid input (exit 2) naming the env var, unless the cache can replay. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { fakeIo } from '../../cli/fake-io.ts';
import { runCli } from '../../cli/program.ts';
import { callerPolicyFromEnv } from './llm-from-env.ts';

describe('the LLM caller from the environment', () => {
  it('refuses policy: llm scenarios without OPENAI_API_KEY and an empty cache (exit 2), dialing nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-llm-caller-'));
    await writeFile(
      join(dir, 'llm.yaml'),
      'name: llm-caller\ncaller: { goal: "check on my order", policy: llm }\n',
    );
    const io = fakeIo(undefined, dir);
    const code = await runCli(
      [
        'run',
        join(dir, 'llm.yaml'),
        '--agent',
        'ws://127.0.0.1:9/media',
        '--out',
        join(dir, 'out'),
      ],
      io,
    );
    expect(code).toBe(ExitCode.InvalidInput);
    expect(io.err).toMatch(/llm\.yaml: policy: llm scenarios need OPENAI_API_KEY/);
  });

  it('replays from a cache that holds replies, and asks the model when a key is set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-llm-caller-'));
    const cache = join(dir, '.callbench', 'caller-cache.json');
    expect('missing' in (await callerPolicyFromEnv({}, cache))).toBe(true);
    await mkdir(join(dir, '.callbench'));
    await writeFile(
      cache,
      JSON.stringify({
        version: 1,
        replies: { k: { say: 'hi', dtmf: null, hangup: false, model: 'm' } },
      }),
    );
    expect('factory' in (await callerPolicyFromEnv({}, cache))).toBe(true);
    expect(
      'factory' in
        (await callerPolicyFromEnv({ OPENAI_API_KEY: 'sk-test' }, join(dir, 'none.json'))),
    ).toBe(true);
  });
});
