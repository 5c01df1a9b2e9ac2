/**
 * The robustness matrix: for each condition (one combination of the axes' values), over every
 * scenario run under it — pass rate, task completion, entity exact rate, turn latency p50/p95.
 * Built from the calls alone (the condition is in each call's scenario name), so a rebuilt
 * report computes the same table.
 */
import { percentile } from '../metrics/percentiles.ts';
import { conditionOf } from '../util/matrix-condition.ts';

export interface MatrixRow {
  /** `line.noise=babble:-35,voice=flite:slt` */
  condition: string;
  values: Record<string, string>;
  calls: number;
  passRate: number;
  /** Of calls whose scenario has success criteria; null when none has. */
  completionRate: number | null;
  /** Of declared entities; null when none was declared. */
  entityExactRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

export interface Matrix {
  /** The settings varied, in axis order. */
  axes: string[];
  rows: MatrixRow[];
}

/** What the matrix needs of a scored call (kept structural so the matrix does not depend on the engine). */
interface MatrixCall {
  callId: string;
  scenario: string;
  status: string;
  metrics: { turns: readonly { latencyMs: number | null }[] };
  entities?: readonly { exact: boolean }[];
  complete?: boolean | null;
}

/** The matrix of `calls`; null when no call was a matrix variant. */
export function summarizeMatrix(calls: readonly MatrixCall[]): Matrix | null {
  const groups = new Map<string, { values: Record<string, string>; calls: MatrixCall[] }>();
  // Call ids follow the expanded scenario list (axis order), whatever order the calls ended in.
  const ordered = [...calls].sort((a, b) =>
    a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0,
  );
  for (const call of ordered) {
    const c = conditionOf(call.scenario);
    if (!c) continue;
    const group = groups.get(c.label) ?? { values: c.values, calls: [] };
    group.calls.push(call);
    groups.set(c.label, group);
  }
  if (groups.size === 0) return null;
  const rows = [...groups.entries()].map(([condition, g]): MatrixRow => {
    const judged = g.calls.filter((c) => c.complete === true || c.complete === false);
    const entities = g.calls.flatMap((c) => c.entities ?? []);
    const latencies = g.calls
      .flatMap((c) => c.metrics.turns.map((t) => t.latencyMs))
      .filter((x): x is number => x !== null);
    const round = (x: number | null): number | null => (x === null ? null : Math.round(x));
    return {
      condition,
      values: g.values,
      calls: g.calls.length,
      passRate: g.calls.filter((c) => c.status === 'passed').length / g.calls.length,
      completionRate: judged.length
        ? judged.filter((c) => c.complete === true).length / judged.length
        : null,
      entityExactRate: entities.length
        ? entities.filter((e) => e.exact).length / entities.length
        : null,
      latencyP50Ms: round(percentile(latencies, 50)),
      latencyP95Ms: round(percentile(latencies, 95)),
    };
  });
  return { axes: Object.keys(rows[0].values), rows };
}

const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)}%`);
const ms = (x: number | null): string => (x === null ? '–' : String(x));

/** The matrix as the console prints it. */
export function formatMatrixTable(m: Matrix): string {
  const header = ['condition', 'calls', 'pass', 'complete', 'entity exact', 'p50 ms', 'p95 ms'];
  const body = m.rows.map((r) => [
    r.condition,
    String(r.calls),
    pct(r.passRate),
    pct(r.completionRate),
    pct(r.entityExactRate),
    ms(r.latencyP50Ms),
    ms(r.latencyP95Ms),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}

/** matrix.csv: one row per condition, a column per axis. */
export function matrixCsv(m: Matrix): string {
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const header = [
    ...m.axes,
    'calls',
    'pass_rate',
    'completion_rate',
    'entity_exact_rate',
    'turn_latency_p50_ms',
    'turn_latency_p95_ms',
  ];
  const num = (x: number | null, digits = 4): string =>
    x === null ? '' : String(Math.round(x * 10 ** digits) / 10 ** digits);
  const rows = m.rows.map((r) =>
    [
      ...m.axes.map((a) => quote(r.values[a] ?? '')),
      String(r.calls),
      num(r.passRate),
      num(r.completionRate),
      num(r.entityExactRate),
      num(r.latencyP50Ms, 0),
      num(r.latencyP95Ms, 0),
    ].join(','),
  );
  return `${[header.join(','), ...rows].join('\n')}\n`;
}
