/**
 * A load run directory's report.html: the page model is derived from the load record
 * (histograms.json: summary, load.json data and the merged turn-latency histogram, all re-derived
 * so they always agree) and calls.csv (sampled); src/report/html/load-page.ts renders it.
 * `callbench load`, `callbench merge` and `callbench report` all write the page through the
 * reporter here, once calls.csv is complete.
 */
import { join } from 'node:path';
import { recordedValues } from '../metrics/histograms.ts';
import { writeFileAtomic } from '../report/atomic-write.ts';
import { REPORT_HTML } from '../report/html/html-report.ts';
import { renderLoadReport, type LoadPageModel } from '../report/html/load-page.ts';
import { makeRedactor } from '../report/redact.ts';
import { LoadAggregates } from './aggregates.ts';
import { sampleCallsCsv } from './calls-csv-sample.ts';
import { loadReportData, loadSummary } from './load-outputs.ts';
import { readLoadRecord, type LoadRecord } from './load-record.ts';
import type { LoadReporter } from './load-reporter.ts';

export async function loadPageModel(
  dir: string,
  record: LoadRecord,
  opts: { redact: boolean },
): Promise<LoadPageModel> {
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

export async function readLoadPageModel(
  dir: string,
  opts: { redact: boolean },
): Promise<LoadPageModel> {
  return loadPageModel(dir, await readLoadRecord(dir), opts);
}

/** Writes `dir/report.html` when the run ends (calls.csv is complete by then). */
export function loadHtmlReporter(dir: string, opts: { redact: boolean }): LoadReporter {
  return {
    name: REPORT_HTML,
    onRunEnd: async ({ record }) =>
      writeFileAtomic(
        join(dir, REPORT_HTML),
        renderLoadReport(await loadPageModel(dir, record, opts)),
      ),
  };
}
