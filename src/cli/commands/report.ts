/**
 * `callbench report <dir>`: rebuild a run's reports from what it saved (events.jsonl, calls.jsonl,
 * run.json), or a load run's from its histograms.json and calls.csv.
 */
import { Command } from 'commander';
import { runPassed } from '../../summary/run-summary.ts';
import type { LoadSummary } from '../../report/load-types.ts';
import { isLoadRunDir, rebuildLoadReports } from '../../load/rebuild-load.ts';
import { RunDirError } from '../../report/read-run-dir.ts';
import { rebuildReports, type RebuildResult } from '../../report/rebuild.ts';
import { unwrittenReports } from '../../report/reports-line.ts';
import { runDirGaps } from '../../report/run-dir-gaps.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { resolve } from 'node:path';

export function reportCommand(io: CliIo, setExit: (code: ExitCode) => void): Command {
  return new Command('report')
    .description(
      "Rebuild a run's reports (summary.json, calls.csv, turns.csv, entities.csv, junit.xml, report.html) from its saved events, or a load run's (summary.json, load.json, stats.csv, report.html) from its histograms",
    )
    .argument(
      '<dir>',
      'a directory `callbench run --out` wrote (it holds events.jsonl) or `callbench load`/`merge --out` wrote (it holds histograms.json)',
    )
    .option(
      '--redact',
      'mask entity values and digit runs (card, phone numbers) in every report',
      false,
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 rebuilt, the run passed · 1 rebuilt, the run failed · 2 not a run or load run directory or unreadable saved data · 3 could not write a report

Examples:
  callbench report reports/latest
  callbench report ci-artifacts/run-42 --redact
  callbench report reports/load`,
    )
    .action(async (dir: string, opts: { redact: boolean }) => {
      const runDir = resolve(io.cwd, dir);
      if (await isLoadRunDir(runDir)) return rebuildLoad(io, setExit, dir, runDir, opts.redact);
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
      const gaps = await runDirGaps(runDir);
      for (const g of gaps) io.stderr(`callbench report: incomplete: ${g}\n`);
      if (result.errors.length) {
        io.stdout(
          `reports NOT written (see the errors above): ${unwrittenReports(result.errors).join(', ') || 'some reports'} in ${dir}/\n`,
        );
        return setExit(ExitCode.HarnessError);
      }
      io.stdout(
        `rebuilt ${dir}/ from ${result.calls} call(s)${gaps.length ? ` — incomplete, ${gaps.length} problem(s) above` : ''}: summary.json, calls.csv, turns.csv, entities.csv, junit.xml, report.html${opts.redact ? ' (redacted)' : ''}\n`,
      );
      setExit(runPassed(result.summary) ? ExitCode.Passed : ExitCode.Failed);
    });
}

/** A load run: no events to replay; the reports derived from its histograms and calls.csv are rewritten. */
async function rebuildLoad(
  io: CliIo,
  setExit: (code: ExitCode) => void,
  dir: string,
  loadDir: string,
  redact: boolean,
): Promise<void> {
  let summary: LoadSummary;
  try {
    ({ summary } = await rebuildLoadReports(loadDir, { redact }));
  } catch (err) {
    io.stderr(`callbench report: ${err instanceof Error ? err.message : String(err)}\n`);
    // Unreadable saved data is bad input; anything else failed while writing a report.
    return setExit(err instanceof RunDirError ? ExitCode.InvalidInput : ExitCode.HarnessError);
  }
  io.stdout(
    `rebuilt ${dir}/ (a load run, ${summary.calls.started} call(s)) from histograms.json and calls.csv: summary.json, load.json, stats.csv, report.html${redact ? " (report.html redacted; calls.csv is the run's own data and is left as it is)" : ''}\n`,
  );
  setExit(summary.passed ? ExitCode.Passed : ExitCode.Failed);
}
