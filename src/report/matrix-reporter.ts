/** The robustness matrix as reports: matrix.csv in the run directory and a table on the console. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScoredCall } from '../results/scored-call.ts';
import type { Reporter } from './reporter.ts';
import { formatMatrixTable, matrixCsv, summarizeMatrix } from '../matrix/summary.ts';

export const MATRIX_CSV = 'matrix.csv';

/** Writes matrix.csv when the run had matrix variants. */
export function matrixCsvReporter(outDir: string): Reporter {
  const calls: ScoredCall[] = [];
  return {
    name: 'matrix-csv',
    onCallEnd(call) {
      calls.push(call);
    },
    async onRunEnd() {
      const m = summarizeMatrix(calls);
      if (m) await writeFile(join(outDir, MATRIX_CSV), matrixCsv(m));
    },
  };
}

/** Prints the matrix after the run's own summary. */
export function matrixConsoleReporter(write: (text: string) => void): Reporter {
  const calls: ScoredCall[] = [];
  return {
    name: 'matrix-console',
    onCallEnd(call) {
      calls.push(call);
    },
    onRunEnd() {
      const m = summarizeMatrix(calls);
      if (m) write(`\nrobustness matrix (${m.axes.join(' × ')})\n${formatMatrixTable(m)}\n`);
    },
  };
}
