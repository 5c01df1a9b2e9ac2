/** `summary.json`: the run's verdict, counts and distributions (written at the end, also on Ctrl-C). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reporter } from './reporter.ts';

export function summaryJsonReporter(outDir: string, extra: () => Record<string, unknown> = () => ({})): Reporter {
  return {
    name: 'summary',
    onRunEnd: (summary) => writeFile(join(outDir, 'summary.json'), JSON.stringify({ ...summary, ...extra() }, null, 2) + '\n'),
  };
}
