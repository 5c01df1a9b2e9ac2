/**
 * The last line of a run: where its reports are — or, when some could not be written (a full
 * disk, a permission problem), which ones, so nobody goes looking for results that are not there.
 */
import type { RecordMode } from './recording.ts';

/** The files each built-in reporter writes, by reporter name. */
export const REPORTER_FILES: Readonly<Record<string, readonly string[]>> = {
  jsonl: ['events.jsonl'],
  'calls-jsonl': ['calls.jsonl'],
  'run-info': ['run.json'],
  csv: ['calls.csv', 'turns.csv', 'entities.csv', 'expectations.csv'],
  junit: ['junit.xml'],
  summary: ['summary.json'],
  html: ['report.html'],
};

const ALL_FILES = [
  'report.html',
  'summary.json',
  'calls.csv',
  'turns.csv',
  'entities.csv',
  'expectations.csv',
  'events.jsonl',
  'junit.xml',
];

/** The report files named by reporter errors (`reporter "csv" failed in onCallEnd: …`, as notifyReporters words them). */
export function unwrittenReports(errors: readonly string[]): string[] {
  const files = new Set<string>();
  for (const e of errors) {
    const name = /^reporter "([^"]+)" failed in /.exec(e)?.[1];
    for (const f of (name && REPORTER_FILES[name]) || []) files.add(f);
  }
  return [...files];
}

/** Whether a report failed (exit 3); a dropped recording alone does not change the run's verdict. */
export function reportsFailed(errors: readonly string[]): boolean {
  return errors.some((e) => !e.startsWith('recording '));
}

/** `reports: out/report.html (and …)`, or what could not be written. */
export function reportsLine(outDir: string, errors: readonly string[], record: RecordMode): string {
  const failed = unwrittenReports(errors);
  const recordingsDropped = errors.filter((e) => e.startsWith('recording ')).length;
  const recordings =
    record === 'none'
      ? ''
      : recordingsDropped
        ? `, recordings/ (${recordingsDropped} dropped)`
        : ', recordings/';
  if (failed.length === 0) {
    const [first, ...rest] = ALL_FILES;
    return `reports: ${outDir}/${first} (and ${rest.join(', ')}${recordings})`;
  }
  const written = ALL_FILES.filter((f) => !failed.includes(f));
  return `reports NOT written (see the errors above): ${failed.join(', ')} in ${outDir}/${written.length ? ` · written: ${written.join(', ')}${recordings}` : ''}`;
}
