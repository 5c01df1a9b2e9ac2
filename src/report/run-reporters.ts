/**
 * The files every run writes, in two groups: the sources (events.jsonl, calls.jsonl, run.json) a
 * run directory is rebuilt from, and the reports derived from them (CSVs, junit.xml,
 * summary.json, report.html), which `callbench report` rewrites by replaying the saved calls
 * through these same reporters — so a rebuilt report is the same file a run writes.
 */
import type { RunSummary } from '../summary/run-summary.ts';
import { callsJsonlReporter } from './calls-jsonl.ts';
import { csvReporter } from './csv.ts';
import { conversationCsvReporter } from './conversation.ts';
import { matrixCsvReporter } from './matrix-reporter.ts';
import { htmlReporter } from './html/html-report.ts';
import { jsonlReporter } from './jsonl.ts';
import { junitReporter } from './junit.ts';
import { entityValues, makeRedactor, redactCall, redactSummary } from './redact.ts';
import type { ScoredCall } from '../results/scored-call.ts';
import type { Reporter } from './reporter.ts';
import { runInfoReporter } from './run-info.ts';
import { summaryJsonReporter } from './summary-json.ts';

export interface ReportOptions {
  /** Scenario paths in junit.xml are shown relative to this directory. */
  cwd: string;
  redact: boolean;
  /** Rewriting an existing directory: appended files are staged and replace the old ones only when whole. */
  staged?: boolean;
}

export function sourceReporters(outDir: string, cwd: string): Reporter[] {
  return [jsonlReporter(outDir), callsJsonlReporter(outDir), runInfoReporter(outDir, cwd)];
}

export function derivedReporters(outDir: string, opts: ReportOptions): Reporter[] {
  return [
    csvReporter(outDir, { staged: opts.staged ?? false }),
    conversationCsvReporter(outDir),
    matrixCsvReporter(outDir),
    junitReporter(outDir, opts.cwd),
    summaryJsonReporter(outDir),
    htmlReporter(outDir, { redacted: opts.redact }),
  ];
}

/**
 * Reporters that see every call and the summary with entity values and digit runs masked.
 * `declaredValues`: every entity value the run's scenarios declare; each call adds what it captured.
 */
export function withRedaction(
  reporters: readonly Reporter[],
  declaredValues: readonly string[],
): Reporter[] {
  const seen = new Set(declaredValues);
  return reporters.map((r) => ({
    name: r.name,
    onRunStart: r.onRunStart?.bind(r),
    onCallEnd: r.onCallEnd
      ? (call: ScoredCall) => {
          for (const v of entityValues([call])) seen.add(v);
          return r.onCallEnd?.call(r, redactCall(call, makeRedactor(seen)));
        }
      : undefined,
    onRunEnd: r.onRunEnd
      ? (summary: RunSummary) => r.onRunEnd?.call(r, redactSummary(summary, makeRedactor(seen)))
      : undefined,
  }));
}
