/** `callbench merge`: one report from the outputs of `callbench load --shard i/n` runs. */
import { Command } from 'commander';
import { formatLoadSummary } from '../../load/load-console.ts';
import { mergeDirectories } from '../../load/merge.ts';
import { resolve } from 'node:path';
import { prepareOutDir } from '../../util/out-dir-check.ts';
import { readLoadRecord } from '../../load/load-record.ts';
import { formatShardStarts } from '../../load/merge-alignment.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';

export function mergeCommand(io: CliIo, setExit: (code: ExitCode) => void): Command {
  return new Command('merge')
    .description(
      'Merge the outputs of sharded load runs (callbench load --shard i/n) into one report: histograms added, counts summed',
    )
    .argument('<dirs...>', 'the --out directories of the shard runs')
    .requiredOption(
      '-o, --out <dir>',
      'where to write the merged summary.json, load.json, stats.csv, calls.csv, histograms.json, report.html',
    )
    .option(
      '--force',
      'merge even runs that overlap (the same run or shard twice) or disagree on plan, seed, scenarios, voices, --start-at or stats interval, with a warning',
      false,
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 merged, thresholds held · 1 a threshold failed · 2 inputs refused or unreadable · 130 a shard was interrupted\n\nExample:\n  callbench merge out/shard-1 out/shard-2 out/shard-3 -o out/merged',
    )
    .action(async (dirs: string[], opts: { out: string; force: boolean }) => {
      const outProblem = await prepareOutDir(resolve(io.cwd, opts.out), {
        fs: io.outDirFs,
        shownAs: opts.out,
      });
      if (outProblem) {
        io.stderr(`callbench merge: ${outProblem}\n`);
        return setExit(ExitCode.InvalidInput);
      }
      let summary;
      try {
        summary = await mergeDirectories(dirs, resolve(io.cwd, opts.out), {
          force: opts.force,
          warn: (m) => io.stderr(`callbench merge: warning: ${m}\n`),
        });
      } catch (err) {
        io.stderr(`callbench merge: ${err instanceof Error ? err.message : String(err)}\n`);
        return setExit(ExitCode.InvalidInput);
      }
      io.stdout(formatLoadSummary(summary));
      const { shardStarts } = await readLoadRecord(resolve(io.cwd, opts.out));
      if (shardStarts) io.stdout(formatShardStarts(shardStarts));
      io.stdout(`\nmerged ${dirs.length} run(s) into ${opts.out}/\n`);
      setExit(
        summary.interrupted
          ? ExitCode.Interrupted
          : summary.passed
            ? ExitCode.Passed
            : ExitCode.Failed,
      );
    });
}
