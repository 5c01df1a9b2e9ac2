/** `callbench report <run dir>`: rebuild a run's reports from what it saved (events.jsonl, calls.jsonl, run.json). */
import { Command } from 'commander';
import { runPassed } from '../../metrics/run-summary.ts';
import { RunDirError } from '../../report/read-run-dir.ts';
import { rebuildReports, type RebuildResult } from '../../report/rebuild.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { resolve } from 'node:path';

export function reportCommand(io: CliIo, setExit: (code: ExitCode) => void): Command {
  return new Command('report')
    .description("Rebuild a run's reports (summary.json, calls.csv, turns.csv, entities.csv, junit.xml, report.html) from its saved events")
    .argument('<dir>', 'a directory `callbench run --out` wrote (it holds events.jsonl)')
    .option('--redact', 'mask entity values and digit runs (card, phone numbers) in every report', false)
    .addHelpText(
      'after',
      `
Exit codes: 0 rebuilt, the run passed · 1 rebuilt, the run failed · 2 not a run directory or unreadable saved data · 3 could not write a report

Examples:
  callbench report reports/latest
  callbench report ci-artifacts/run-42 --redact`,
    )
    .action(async (dir: string, opts: { redact: boolean }) => {
      const runDir = resolve(io.cwd, dir);
      let result: RebuildResult;
      try {
        result = await rebuildReports(runDir, { redact: opts.redact });
      } catch (err) {
        if (err instanceof RunDirError) {
          io.stderr(`callbench report: ${err.message}\n`);
          return setExit(ExitCode.InvalidInput);
        }
        throw err;
      }
      for (const e of result.errors) io.stderr(`callbench report: ${e}\n`);
      if (result.errors.length) return setExit(ExitCode.HarnessError);
      io.stdout(`rebuilt ${dir}/ from ${result.calls} call(s): summary.json, calls.csv, turns.csv, entities.csv, junit.xml, report.html${opts.redact ? ' (redacted)' : ''}\n`);
      setExit(runPassed(result.summary) ? ExitCode.Passed : ExitCode.Failed);
    });
}
