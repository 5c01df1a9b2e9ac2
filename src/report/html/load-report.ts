/**
 * The adapter from a load run directory to its report.html: the page model is derived from the
 * load record (histograms.json: summary, load.json data and the merged turn-latency histogram,
 * all re-derived so they always agree) and calls.csv (sampled). `callbench load`, `callbench
 * merge` and `callbench report` all write the page through here.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LoadAggregates } from '../../load/aggregates.ts';
import { sampleCallsCsv } from '../../load/calls-csv-sample.ts';
import { recordedValues } from '../../metrics/histograms.ts';
import { loadReportData, loadSummary } from '../../load/load-outputs.ts';
import { readLoadRecord, type LoadRecord } from '../../load/load-record.ts';
import { makeRedactor } from '../redact.ts';
import { REPORT_HTML } from './html-report.ts';
import { renderLoadReport, type LoadPageModel } from './load-page.ts';

export async function loadPageModel(dir: string, record: LoadRecord, opts: { redact: boolean }): Promise<LoadPageModel> {
  const total = LoadAggregates.fromJSON(record.total);
  // A load run declares no entity values in calls.csv; digit runs (card, phone numbers) in reasons are what can leak.
  const redact = opts.redact ? makeRedactor([]) : undefined;
  return {
    summary: loadSummary(record),
    turnLatency: recordedValues(total.histograms.turn_latency_ms),
    load: loadReportData(record),
    calls: await sampleCallsCsv(join(dir, 'calls.csv'), { redact }),
    redacted: opts.redact,
  };
}

export async function readLoadPageModel(dir: string, opts: { redact: boolean }): Promise<LoadPageModel> {
  return loadPageModel(dir, await readLoadRecord(dir), opts);
}

/** Writes `dir/report.html` for the load run whose record is `record` (calls.csv must be complete). */
export async function writeLoadHtmlReport(dir: string, record: LoadRecord, opts: { redact: boolean } = { redact: false }): Promise<void> {
  await writeFile(join(dir, REPORT_HTML), renderLoadReport(await loadPageModel(dir, record, opts)));
}
