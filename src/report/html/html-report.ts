/**
 * `report.html`: the reporter that writes the page at the end of a run (and when `callbench
 * report` rebuilds it), from the calls it saw, the run's load.json if there is one, and the
 * recordings on disk.
 */
import { readdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../atomic-write.ts';
import { join } from 'node:path';
import type { RunSummary } from '../../summary/run-summary.ts';
import type { LoadReportData } from '../load-data.ts';
import { recordingPath, RECORDINGS_DIR } from '../recording.ts';
import { RunDirError } from '../read-run-dir.ts';
import type { ScoredCall } from '../../results/scored-call.ts';
import type { Reporter } from '../reporter.ts';
import { renderReport } from './page.ts';

export const REPORT_HTML = 'report.html';
export const LOAD_JSON = 'load.json';

/** load.json when the run directory has one; a clear error when it is there but not load data. */
export async function readLoadData(dir: string): Promise<LoadReportData | null> {
  let text: string;
  try {
    text = await readFile(join(dir, LOAD_JSON), 'utf8');
  } catch {
    return null;
  }
  let data: Partial<LoadReportData>;
  try {
    data = JSON.parse(text) as Partial<LoadReportData>;
  } catch (err) {
    throw new RunDirError(
      `${join(dir, LOAD_JSON)}: not JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (
    typeof data.executor !== 'string' ||
    !Array.isArray(data.timeline) ||
    !data.generator ||
    !Array.isArray(data.generator.warnings)
  ) {
    throw new RunDirError(
      `${join(dir, LOAD_JSON)} is not load report data (needs executor, timeline[], generator.warnings[])`,
    );
  }
  return data as LoadReportData;
}

/** The recordings present in the run directory, by call id. */
export async function findRecordings(
  dir: string,
  calls: readonly ScoredCall[],
): Promise<Map<string, string>> {
  let files: string[];
  try {
    files = await readdir(join(dir, RECORDINGS_DIR));
  } catch {
    return new Map();
  }
  const present = new Set(files);
  return new Map(
    calls
      .filter((c) => present.has(`${c.callId}.wav`))
      .map((c) => [c.callId, recordingPath(c.callId)]),
  );
}

export async function writeHtmlReport(
  dir: string,
  calls: readonly ScoredCall[],
  summary: RunSummary,
  redacted: boolean,
): Promise<void> {
  const html = renderReport({
    summary,
    calls: [...calls],
    load: await readLoadData(dir),
    recordings: await findRecordings(dir, calls),
    redacted,
  });
  await writeFileAtomic(join(dir, REPORT_HTML), html);
}

export function htmlReporter(outDir: string, opts: { redacted: boolean }): Reporter {
  const calls: ScoredCall[] = [];
  return {
    name: 'html',
    onCallEnd(call: ScoredCall) {
      calls.push(call);
    },
    onRunEnd: (summary) => writeHtmlReport(outDir, calls, summary, opts.redacted),
  };
}
