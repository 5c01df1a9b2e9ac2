/** `summary.json`: the run's verdict, counts and distributions (written at the end, also on Ctrl-C). */
import { writeFileAtomic } from './atomic-write.ts';
import { join } from 'node:path';
import type { Reporter } from './reporter.ts';

export function summaryJsonReporter(
  outDir: string,
  extra: () => Record<string, unknown> = () => ({}),
): Reporter {
  return {
    name: 'summary',
    onRunEnd: (summary) =>
      writeFileAtomic(
        join(outDir, 'summary.json'),
        JSON.stringify({ ...summary, ...extra() }, null, 2) + '\n',
      ),
  };
}
