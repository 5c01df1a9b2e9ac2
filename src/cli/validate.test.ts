import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ExitCode } from './exit-codes.ts';
import { fakeIo } from './fake-io.ts';
import { runCli } from './program.ts';

describe('callbench validate', () => {
  test('the shipped scenarios are valid', async () => {
    const io = fakeIo();
    expect(
      await runCli(['validate', fileURLToPath(new URL('../../scenarios', import.meta.url))], io),
    ).toBe(ExitCode.Passed);
    expect(io.out).toMatch(/\d+ scenario\(s\), \d+ turns: all valid/);
  });

  test('lists every problem with file, line and field, and exits 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-validate-'));
    await writeFile(
      join(dir, 'a.yaml'),
      'name: a\nturns:\n  - say: { text: "hi", tmeout_ms: 5 }\n',
    );
    await writeFile(
      join(dir, 'b.yaml'),
      'name: b\ncaller: { voice: slt, rate: fast }\nturns:\n  - listen: {}\n',
    );
    const io = fakeIo();
    expect(await runCli(['validate', dir], io)).toBe(ExitCode.InvalidInput);
    expect(io.err).toMatch(/a\.yaml:3:\d+ turns\[1\] \(say\): .*tmeout_ms/);
    expect(io.err).toMatch(/b\.yaml:2:\d+ .*rate/);
    expect(io.err).toMatch(/2 problem\(s\)/);
  });

  test('a folder without scenarios is invalid input', async () => {
    const io = fakeIo();
    expect(await runCli(['validate', await mkdtemp(join(tmpdir(), 'callbench-empty-'))], io)).toBe(
      ExitCode.InvalidInput,
    );
    expect(io.err).toMatch(/no scenario files/);
  });
});
