/** `callbench load` refuses bad input before dialing anyone: exit 2, naming the flag and the form it expects. */
import { describe, expect, test } from 'vitest';
import { ExitCode } from './exit-codes.ts';
import { fakeIo } from './fake-io.ts';
import { runCli } from './program.ts';

async function load(...args: string[]): Promise<{ code: number; err: string }> {
  const io = fakeIo();
  const code = await runCli(['load', ...args], io);
  return { code, err: io.err };
}

describe('callbench load: invalid input', () => {
  test.each([
    [
      ['scenarios', '--vus', '10', '--duration', '2 minutes'],
      /--duration "2 minutes": expected a duration such as 30s, 2m/,
    ],
    [
      ['scenarios', '--stages', '30s:ten'],
      /--stages: stage "30s:ten": the target must be a whole number of virtual users/,
    ],
    [
      ['scenarios', '--rate', 'fast', '--duration', '1m'],
      /--rate "fast": expected a rate such as 5\/s, 300\/m/,
    ],
    [
      ['scenarios', '--vus', '10', '--duration', '1m', '--shard', '3/2'],
      /--shard "3\/2": expected i\/n with 1 ≤ i ≤ n/,
    ],
    [
      ['--mix', 'scenarios/orders=-1', '--vus', '1', '--duration', '1s'],
      /--mix: "scenarios\/orders=-1" is not path=weight with a weight > 0/,
    ],
    [
      ['scenarios', '--voices', 'bob', '--vus', '1', '--duration', '1s'],
      /--voices "bob": expected flite voices from slt, rms, awb, kal/,
    ],
    [['scenarios', '--vus', '10'], /--vus needs --duration/],
    [
      ['scenarios', '--vus', '10', '--duration', '1m', '--stages', '1m:10'],
      /choose one executor, not --vus and --stages/,
    ],
    [['scenarios'], /choose an executor: --vus N --duration D/],
    [
      ['scenarios', '--vus', '2', '--duration', '1m', '--max-in-flight', '5'],
      /--max-in-flight applies to the open model only/,
    ],
    [['scenarios', '--find-limit', '--shard', '1/2'], /--find-limit cannot be sharded/],
    [
      ['scenarios', '--vus', '2', '--duration', '1m', '--step-ramp', '5s', '--max-steps', '3'],
      /--step-ramp, --max-steps: for --find-limit only/,
    ],
    [
      ['--vus', '2', '--duration', '1m'],
      /no scenarios: give scenario files or directories, or --mix/,
    ],
  ])('%j', async (args, message) => {
    const { code, err } = await load(...args);
    expect(code).toBe(ExitCode.InvalidInput);
    expect(err).toMatch(message);
  });

  test('budgets and thresholds on metrics a load run does not have are named (exit 2, nothing dialed)', async () => {
    const { code, err } = await load(
      'scenarios',
      '--find-limit',
      '--budget',
      'turn_latncy_ms=p(95)<800',
      '-a',
      'ws://127.0.0.1:9/media',
    );
    expect(code).toBe(ExitCode.InvalidInput);
    expect(err).toMatch(/--budget: unknown metric "turn_latncy_ms"/);
  });
});
