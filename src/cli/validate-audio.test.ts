/**
 * `validate` decodes a scenario's audio as `run` does, so a WAV that `run` would reject never
 * validates; both report it in the same located form, turns numbered from 1.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { writePcmWav } from '../audio/wav.ts';
import { ExitCode } from './exit-codes.ts';
import { fakeIo } from './fake-io.ts';
import { runCli } from './program.ts';

let dir: string;
const good = writePcmWav(
  new Int16Array(8000).map((_, i) => Math.round(8000 * Math.sin(i / 5))),
  8000,
);

function scenarioPlaying(wav: string): string {
  return `name: plays-${wav.replace(/\W/g, '-')}\nturns:\n  - listen: {}\n  - say: { audio: ${wav} }\n`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'callbench-validate-audio-'));
  await writeFile(join(dir, 'good.wav'), good);
  await writeFile(join(dir, 'truncated.wav'), good.subarray(0, 2000)); // the header promises 16000 bytes of data
  await writeFile(join(dir, 'empty.wav'), writePcmWav(new Int16Array(0), 8000));
  const alaw = Buffer.from(good);
  alaw.writeUInt16LE(6, 20); // format tag 6: A-law
  alaw.writeUInt16LE(8, 34); // 8 bits a sample
  alaw.writeUInt16LE(1, 32); // block align 1
  await writeFile(join(dir, 'alaw.wav'), alaw);
  for (const name of ['good', 'truncated', 'empty', 'alaw'])
    await writeFile(join(dir, `${name}.yaml`), scenarioPlaying(`${name}.wav`));
});

describe('audio files are decoded by validate as by run', () => {
  test('a good WAV validates', async () => {
    const io = fakeIo(undefined, dir);
    expect(await runCli(['validate', join(dir, 'good.yaml')], io)).toBe(ExitCode.Passed);
  });

  test.each([
    ['truncated', /truncated: the data chunk declares 16000 bytes but only 1956 are present/],
    ['empty', /holds no audio \(0 samples\)/],
    ['alaw', /A-law/],
  ])(
    '%s: validate and run both exit 2 with file:line:column turns[2] (say)',
    async (name, problem) => {
      const located = new RegExp(
        `^${name}\\.yaml:4:19 turns\\[2\\] \\(say\\): audio file .*${name}\\.wav cannot be played: `,
        'm',
      );
      const v = fakeIo(undefined, dir);
      expect(await runCli(['validate', join(dir, `${name}.yaml`)], v)).toBe(ExitCode.InvalidInput);
      expect(v.err).toMatch(located);
      expect(v.err).toMatch(problem);
      const r = fakeIo(undefined, dir);
      expect(
        await runCli(
          [
            'run',
            join(dir, `${name}.yaml`),
            '-a',
            'ws://127.0.0.1:9/media',
            '--out',
            join(dir, `out-${name}`),
          ],
          r,
        ),
      ).toBe(ExitCode.InvalidInput);
      expect(r.err).toMatch(new RegExp(`^  ${located.source.slice(1)}`, 'm'));
      expect(r.err).toMatch(problem);
    },
  );
});
