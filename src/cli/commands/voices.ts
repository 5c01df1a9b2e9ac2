/** `callbench voices`: the caller voices there are, and (with --samples) a WAV of each and its synthesis cost. */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { FliteTts } from '../../speech/flite.ts';
import { writeVoiceSamples } from '../../speech/voice-samples.ts';
import { VOICES } from '../../speech/voices.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';

export function voicesCommand(io: CliIo, setExit: (code: ExitCode) => void): Command {
  return new Command('voices')
    .description(
      'List the caller voices (engine-prefixed names for caller.voice and --matrix voice=…); --samples writes a WAV of each',
    )
    .option(
      '--samples <dir>',
      'write <dir>/<engine>_<voice>.wav of each voice saying one line, and print what synthesis cost',
    )
    .option('--text <words>', 'what the samples say')
    .action(async (opts: { samples?: string; text?: string }) => {
      const width = Math.max(...VOICES.map((v) => v.name.length));
      io.stdout(
        `${VOICES.map((v) => `${v.name.padEnd(width)}  ${v.description}`).join('\n')}\n(bare flite names — slt, rms, awb, kal, kal16 — mean the same voices)\n`,
      );
      if (opts.samples === undefined) return setExit(ExitCode.Passed);
      const dir = resolve(io.cwd, opts.samples);
      const tts = await FliteTts.create();
      try {
        const samples = await writeVoiceSamples(tts, dir, opts.text);
        io.stdout(`\nsamples in ${dir}:\n`);
        for (const s of samples)
          io.stdout(
            `${s.voice.name.padEnd(width)}  ${s.audioSeconds.toFixed(2)} s of audio in ${Math.round(s.synthesisMs)} ms (${s.msPerAudioSecond.toFixed(1)} ms per second of audio)\n`,
          );
      } finally {
        await tts.close();
      }
      setExit(ExitCode.Passed);
    });
}
