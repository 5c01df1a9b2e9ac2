/** Load refuses goal-driven callers it cannot run (transcript hearing), by scenario, before dialing. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../cli/exit-codes.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { runCli } from '../cli/program.ts';

const scenario = (name: string, extra: string) =>
  `name: ${name}\ncaller: { goal: "check on my order", facts: { order_id: AB3792 }${extra} }\nturns:\n  - listen: {}\n  - converse: {}\n`;

describe('callbench load with goal-driven callers', () => {
  it('refuses hearing: transcript with an input error naming the scenario, and accepts rules callers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-load-goal-'));
    await writeFile(join(dir, 'rules.yaml'), scenario('goal-rules', ''));
    await writeFile(join(dir, 'heard.yaml'), scenario('goal-heard', ', hearing: transcript'));
    const args = ['--vus', '1', '--duration', '2s', '-a', 'ws://127.0.0.1:9/media', '--dry-run'];
    const refused = fakeIo(undefined, dir);
    expect(await runCli(['load', dir, ...args], refused)).toBe(ExitCode.InvalidInput);
    expect(refused.err).toMatch(
      /heard\.yaml: scenario "goal-heard" has caller\.hearing: transcript — load does not transcribe/,
    );
    expect(refused.err).not.toMatch(/goal-rules/);
    const accepted = fakeIo(undefined, dir);
    expect(await runCli(['load', join(dir, 'rules.yaml'), ...args], accepted), accepted.err).toBe(
      ExitCode.Passed,
    );
  });
});
