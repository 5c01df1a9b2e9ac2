/** Everything the HTML page is drawn from; built by html-report.ts from a run or a run directory. */
import type { RunSummary } from '../../summary/run-summary.ts';
import type { LoadReportData } from '../load-data.ts';
import type { ScoredCall } from '../../results/scored-call.ts';

export interface ReportModel {
  summary: RunSummary;
  /** In the order they finished (as in calls.csv). */
  calls: ScoredCall[];
  /** From load.json, for load runs. */
  load: LoadReportData | null;
  /** Relative path of each call's recording, by call id, for calls that have one. */
  recordings: ReadonlyMap<string, string>;
  redacted: boolean;
}
