/** --out problems are found before anything is dialed: exit 2 with a plain reason, never "internal error". */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ExitCode } from './exit-codes.ts';
import { fakeIo } from './fake-io.ts';
import { runCli } from './program.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'callbench-outdir-cli-'));
  await writeFile(join(dir, 's.yaml'), 'name: s\nturns:\n  - say: "hi"\n');
  await writeFile(join(dir, 'a-file'), 'not a directory');
});

describe('--out that cannot be written', () => {
  // Port 9 (discard) on loopback: nothing answers there, and nothing must be dialed anyway.
  const agent = 'ws://127.0.0.1:9/media';

  test.each([
    ['run', (out: string) => ['run', join(dir, 's.yaml'), '-a', agent, '--out', out]],
    [
      'load',
      (out: string) => [
        'load',
        join(dir, 's.yaml'),
        '-a',
        agent,
        '--vus',
        '1',
        '--duration',
        '1s',
        '--out',
        out,
      ],
    ],
    ['merge', (out: string) => ['merge', dir, '-o', out]],
  ])('%s: an --out that is a file exits 2 naming it', async (_name, argv) => {
    const io = fakeIo();
    const out = join(dir, 'a-file');
    expect(await runCli(argv(out), io)).toBe(ExitCode.InvalidInput);
    expect(io.err).toContain(`cannot write to --out ${out}: it is a file, not a directory`);
    expect(io.err).not.toMatch(/internal error|EEXIST| {4}at /);
  });

  test('run: an --out under a file, and one on /proc (where recursive mkdir spins forever), exit 2 at once', async () => {
    for (const [out, reason] of [
      [join(dir, 'a-file', 'out'), `${join(dir, 'a-file')} is a file, not a directory`],
      ['/proc/callbench-nope/out', 'the file system does not allow creating it'],
    ]) {
      const io = fakeIo();
      expect(await runCli(['run', join(dir, 's.yaml'), '-a', agent, '--out', out], io)).toBe(
        ExitCode.InvalidInput,
      );
      expect(io.err).toContain(`cannot write to --out ${out}: ${reason}`);
      expect(io.err).not.toMatch(/internal error/);
    }
  });
});
