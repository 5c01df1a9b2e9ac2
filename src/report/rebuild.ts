/**
 * `callbench report <dir>`: rebuilds every report of a run directory (CSVs, junit.xml,
 * summary.json, report.html) from what the run saved, by replaying the saved calls through the
 * same reporters a run uses. Metrics are re-derived from the events.
 */
import { summarizeRun, type RunSummary } from '../summary/run-summary.ts';
import { readLoadData } from './html/html-report.ts';
import { readRunDir } from './read-run-dir.ts';
import { entityValues } from './redact.ts';
import { notifyReporters } from './reporter.ts';
import { derivedReporters, withRedaction } from './run-reporters.ts';

export interface RebuildResult {
  summary: RunSummary;
  calls: number;
  /** Reporters that failed (each message names the reporter and the hook). */
  errors: string[];
}

export async function rebuildReports(
  dir: string,
  opts: { redact: boolean },
): Promise<RebuildResult> {
  const { info, calls } = await readRunDir(dir);
  await readLoadData(dir); // a broken load.json is invalid input, found before any report is rewritten
  const plain = derivedReporters(dir, { cwd: info.cwd, redact: opts.redact, staged: true });
  const reporters = opts.redact ? withRedaction(plain, entityValues(calls)) : plain;
  const errors: Error[] = [];
  errors.push(
    ...(await notifyReporters(reporters, 'onRunStart', {
      agentUrl: info.agentUrl,
      outDir: dir,
      scenarios: info.plan.scenarios,
      totalCalls: info.plan.totalCalls,
      concurrency: info.plan.concurrency,
    })),
  );
  for (const call of calls) errors.push(...(await notifyReporters(reporters, 'onCallEnd', call)));
  const summary = summarizeRun(
    calls,
    {
      agentUrl: info.agentUrl,
      startedAt: new Date(info.startedAt),
      finishedAt: new Date(info.finishedAt ?? info.startedAt),
      interrupted: info.interrupted,
      skipped: info.skipped ?? [],
    },
    info.thresholds,
  );
  errors.push(...(await notifyReporters(reporters, 'onRunEnd', summary)));
  return { summary, calls: calls.length, errors: errors.map((e) => e.message) };
}
