import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readWavAs8kMono } from '../audio/wav.ts';
import { ExitCode } from './exit-codes.ts';
import { fakeIo } from './fake-io.ts';
import { runCli } from './program.ts';

describe('callbench voices', () => {
  test('lists the voices by engine-prefixed name', async () => {
    const io = fakeIo();
    expect(await runCli(['voices'], io)).toBe(ExitCode.Passed);
    expect(
      io.out
        .split('\n')
        .slice(0, 5)
        .map((l) => l.split(' ')[0]),
    ).toEqual(['flite:slt', 'flite:rms', 'flite:awb', 'flite:kal', 'flite:kal16']);
  });

  test('--samples writes a WAV of each voice and prints its synthesis cost', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callbench-voices-'));
    const io = fakeIo();
    expect(await runCli(['voices', '--samples', dir, '--text', 'order three seven'], io)).toBe(
      ExitCode.Passed,
    );
    expect(io.out).toMatch(
      /flite:awb +\d+\.\d\d s of audio in \d+ ms \(\d+\.\d ms per second of audio\)/,
    );
    const wav = readWavAs8kMono(
      new Uint8Array(await readFile(join(dir, 'flite_kal.wav'))),
      'flite_kal.wav',
    );
    expect(wav.samples.length).toBeGreaterThan(4000);
  }, 60_000);
});
