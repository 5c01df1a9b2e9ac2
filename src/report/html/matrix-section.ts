/**
 * The robustness matrix as a heat map: with two axes a grid (first axis down, second across),
 * otherwise one row per condition; each cell coloured by pass rate (red 0% → green 100%) and
 * showing completion, entity exact rate and latency p95 beside it.
 */
import type { Matrix, MatrixRow } from '../../matrix/summary.ts';
import { escapeHtml } from './escape.ts';

const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)}%`);

function heat(rate: number): string {
  return `background:hsl(${Math.round(rate * 120)},60%,80%)`;
}

function cell(r: MatrixRow | undefined): string {
  if (!r) return '<td class="num muted">–</td>';
  const title = `${r.condition}: ${r.calls} calls, pass ${pct(r.passRate)}, complete ${pct(r.completionRate)}, entity exact ${pct(r.entityExactRate)}, latency p50 ${r.latencyP50Ms ?? '–'} ms, p95 ${r.latencyP95Ms ?? '–'} ms`;
  return `<td class="num heat" style="${heat(r.passRate)}" title="${escapeHtml(title)}"><b>${pct(r.passRate)}</b><br><span class="small">done ${pct(r.completionRate)} · ent ${pct(r.entityExactRate)} · p95 ${r.latencyP95Ms ?? '–'} ms</span></td>`;
}

export function matrixSection(m: Matrix): string {
  let grid: string;
  if (m.axes.length === 2) {
    const [down, across] = m.axes;
    const rowsValues = [...new Set(m.rows.map((r) => r.values[down]))];
    const colValues = [...new Set(m.rows.map((r) => r.values[across]))];
    const find = (a: string, b: string): MatrixRow | undefined =>
      m.rows.find((r) => r.values[down] === a && r.values[across] === b);
    grid = `<table class="matrix"><thead><tr><th>${escapeHtml(down)} \\ ${escapeHtml(across)}</th>${colValues.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${rowsValues
      .map(
        (a) =>
          `<tr><th>${escapeHtml(a)}</th>${colValues.map((b) => cell(find(a, b))).join('')}</tr>`,
      )
      .join('')}</tbody></table>`;
  } else {
    grid = `<table class="matrix"><thead><tr><th>${m.axes.map(escapeHtml).join(' · ')}</th><th>pass rate</th></tr></thead><tbody>${m.rows
      .map(
        (r) =>
          `<tr><th>${escapeHtml(m.axes.map((a) => r.values[a]).join(' · '))}</th>${cell(r)}</tr>`,
      )
      .join('')}</tbody></table>`;
  }
  const table = m.rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.condition)}</td><td class="num">${r.calls}</td><td class="num">${pct(r.passRate)}</td><td class="num">${pct(r.completionRate)}</td><td class="num">${pct(r.entityExactRate)}</td><td class="num">${r.latencyP50Ms ?? '–'}</td><td class="num">${r.latencyP95Ms ?? '–'}</td></tr>`,
    )
    .join('');
  return `<section id="matrix">
<h2>Robustness matrix</h2>
<p class="muted">Every scenario under every condition (<code>--matrix</code>); cells coloured by pass rate.</p>
${grid}
<table class="matrix-rows"><thead><tr><th>condition</th><th>calls</th><th>pass</th><th>complete</th><th>entity exact</th><th>p50 ms</th><th>p95 ms</th></tr></thead><tbody>${table}</tbody></table>
<p class="muted">Also in matrix.csv.</p>
</section>`;
}
