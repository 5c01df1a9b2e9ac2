/**
 * The files a load run writes, each through its reporter, in two groups (as `callbench run`'s,
 * src/report/run-reporters.ts): the run's own data (calls.csv, stats.csv, appended as calls end
 * and intervals close; histograms.json at the end) and the reports derived from it at the end
 * (summary.json, load.json, report.html), which `callbench report` and `callbench merge` rewrite
 * by handing a record to these same reporters — so a rebuilt report is the file a run writes.
 */
import { loadHtmlReporter } from './html-reporter.ts';
import { callsCsvReporter } from './calls-csv.ts';
import { notifyReporters } from '../report/reporter.ts';
import type { LoadSummary } from '../report/load-types.ts';
import { loadJsonReporter, loadSummary, loadSummaryJsonReporter } from './load-outputs.ts';
import { HISTOGRAMS_FILE, writeLoadRecord, type LoadRecord } from './load-record.ts';
import { reporterCause, type LoadReporter } from './load-reporter.ts';
import { statsCsvReporter } from './stats-csv.ts';

/** Written while the run goes (calls.csv, stats.csv) and histograms.json at its end. */
export function sourceLoadReporters(dir: string): LoadReporter[] {
  return [callsCsvReporter(dir), statsCsvReporter(dir), loadRecordReporter(dir)];
}

/** histograms.json, written when the run ends (also after Ctrl-C): the source every other load report is derived from. */
export function loadRecordReporter(dir: string): LoadReporter {
  return { name: HISTOGRAMS_FILE, onRunEnd: ({ record }) => writeLoadRecord(dir, record) };
}

/** Derived from the record (and calls.csv) at the end. */
export function derivedLoadReporters(dir: string, opts: { redact: boolean }): LoadReporter[] {
  return [loadSummaryJsonReporter(dir), loadJsonReporter(dir), loadHtmlReporter(dir, opts)];
}

/**
 * Rewrites the derived reports of `dir` from `record` (`callbench report`, `callbench merge`).
 * Every reporter is tried; the first failure is then thrown as its original error.
 */
export async function writeDerivedLoadReports(
  dir: string,
  record: LoadRecord,
  opts: { redact: boolean } = { redact: false },
): Promise<LoadSummary> {
  const summary = loadSummary(record);
  const errors = await notifyReporters(derivedLoadReporters(dir, opts), 'onRunEnd', {
    record,
    summary,
  });
  if (errors.length) throw reporterCause(errors[0]);
  return summary;
}
