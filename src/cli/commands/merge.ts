/** `callbench merge`: one report from the outputs of `callbench load --shard i/n` runs. */
import { Command } from 'commander';
import { formatLoadSummary } from '../../load/load-console.ts';
import { mergeDirectories } from '../../load/merge.ts';
import { readLoadRecord } from '../../load/load-record.ts';
import { formatShardStarts } from '../../load/merge-alignment.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';

export function mergeCommand(io: CliIo, setExit: (code: ExitCode) => void): Command {
  return new Command('merge')
    .description('Merge the outputs of sharded load runs (callbench load --shard i/n) into one report: histograms added, counts summed')
    .argument('<dirs...>', 'the --out directories of the shard runs')
    .requiredOption('-o, --out <dir>', 'where to write the merged summary.json, load.json, stats.csv, calls.csv, histograms.json, report.html')
    .addHelpText('after', '\nExample:\n  callbench merge out/shard-1 out/shard-2 out/shard-3 -o out/merged')
    .action(async (dirs: string[], opts: { out: string }) => {
      let summary;
      try {
        summary = await mergeDirectories(dirs, opts.out);
      } catch (err) {
        io.stderr(`callbench merge: ${err instanceof Error ? err.message : String(err)}\n`);
        return setExit(ExitCode.InvalidInput);
      }
      io.stdout(formatLoadSummary(summary));
      const { shardStarts } = await readLoadRecord(opts.out);
      if (shardStarts) io.stdout(formatShardStarts(shardStarts));
      io.stdout(`\nmerged ${dirs.length} run(s) into ${opts.out}/\n`);
      setExit(summary.interrupted ? ExitCode.Interrupted : summary.passed ? ExitCode.Passed : ExitCode.Failed);
    });
}
