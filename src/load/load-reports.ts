/**
 * Every file derived from a load record, in one place so `callbench load`, `callbench merge` and
 * `callbench report` write the same set: summary.json and load.json, then report.html (last: it
 * reads calls.csv, which must be complete by then).
 */
import { writeLoadHtmlReport } from '../report/html/load-report.ts';
import { writeLoadOutputs, type LoadSummary } from './load-outputs.ts';
import type { LoadRecord } from './load-record.ts';

export async function writeLoadReports(dir: string, record: LoadRecord, opts: { redact: boolean } = { redact: false }): Promise<LoadSummary> {
  const summary = await writeLoadOutputs(dir, record);
  await writeLoadHtmlReport(dir, record, opts);
  return summary;
}
