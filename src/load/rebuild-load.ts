/**
 * `callbench report <load run dir>`: a load run keeps no per-call events, so its reports are
 * rebuilt from histograms.json (summary.json, load.json, stats.csv) and calls.csv (report.html's
 * sample). calls.csv and histograms.json are the run's own data and are never rewritten.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RunDirError } from '../report/read-run-dir.ts';
import type { LoadSummary } from '../report/load-types.ts';
import { HISTOGRAMS_FILE, readLoadRecord, type LoadRecord } from './load-record.ts';
import { writeDerivedLoadReports } from './load-reporters.ts';
import { writeStatsCsv } from './stats-csv.ts';

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Is `dir` a `callbench load` (or `merge`) output? It has histograms.json, or a summary.json of kind "load" or "merge". */
export async function isLoadRunDir(dir: string): Promise<boolean> {
  if (await exists(join(dir, HISTOGRAMS_FILE))) return true;
  try {
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as {
      kind?: unknown;
    };
    return summary.kind === 'load' || summary.kind === 'merge';
  } catch {
    return false;
  }
}

export interface LoadRebuildResult {
  summary: LoadSummary;
  calls: number;
}

export async function rebuildLoadReports(
  dir: string,
  opts: { redact: boolean },
): Promise<LoadRebuildResult> {
  if (!(await exists(join(dir, HISTOGRAMS_FILE)))) {
    throw new RunDirError(
      `${join(dir, HISTOGRAMS_FILE)} not found: summary.json says this is a load run, but its reports are rebuilt from the histograms it saved (callbench load --out DIR writes them)`,
    );
  }
  let record: LoadRecord;
  try {
    record = await readLoadRecord(dir);
  } catch (err) {
    throw new RunDirError(err instanceof Error ? err.message : String(err));
  }
  await writeStatsCsv(dir, record);
  const summary = await writeDerivedLoadReports(dir, record, opts);
  return { summary, calls: summary.calls.started };
}
