/** The top of the page: verdict, call counts, thresholds with pass/fail, and the run's distributions. */
import { thresholdLabel } from '../../thresholds/parse.ts';
import type { Distribution } from '../../metrics/percentiles.ts';
import { runPassed, type RunSummary } from '../../summary/run-summary.ts';
import type { ThresholdResult } from '../../thresholds/evaluate.ts';
import { escapeHtml } from './escape.ts';
import { fmt } from './svg.ts';

function cell(v: number | null): string {
  return `<td class="num">${v === null ? '–' : fmt(v)}</td>`;
}

export function verdictOf(s: RunSummary): { word: string; className: string } {
  if (runPassed(s)) return { word: 'PASSED', className: 'passed' };
  if (s.interrupted) return { word: 'INTERRUPTED', className: 'aborted' };
  return { word: 'FAILED', className: 'failed' };
}

/** Thresholds with pass/fail and the measured value; shared with a load run's page. */
export function thresholdsTable(results: readonly ThresholdResult[]): string {
  return results.length
    ? `<table class="thresholds"><thead><tr><th></th><th>metric</th><th>threshold</th><th>actual</th></tr></thead><tbody>${results
        .map(
          (t) =>
            `<tr class="${t.ok ? 'ok' : 'bad'}"><td>${t.ok ? '✓ pass' : '✗ fail'}</td><td><code>${escapeHtml(thresholdLabel(t))}</code></td><td><code>${escapeHtml(t.expression)}</code></td><td class="num">${t.actual === null ? 'no samples' : fmt(t.actual)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted">No thresholds were given (<code>-t turn_latency_ms=p(95)&lt;800</code>).</p>';
}

/** One row of the distributions table (n, p50, p90, p95, p99, max). */
export function distributionRow(name: string, d: Distribution): string {
  return `<tr><td><code>${escapeHtml(name)}</code></td><td class="num">${d.count}</td>${cell(d.p50)}${cell(d.p90)}${cell(d.p95)}${cell(d.p99)}${cell(d.max)}</tr>`;
}

export function summarySection(s: RunSummary): string {
  const verdict = verdictOf(s);
  const c = s.calls;
  const seconds = (Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000;
  const late =
    s.generator.lateShare > 0.01
      ? `<p class="warning">The load generator sent ${(s.generator.lateShare * 100).toFixed(1)}% of frames more than 5 ms late: timings may be inflated by the harness, not the agent.</p>`
      : '';
  const thresholds = thresholdsTable(s.thresholds);
  const row = distributionRow;
  const m = s.metrics;
  const violations = Object.entries(s.violations);
  return `<section id="summary">
<h2>Run summary</h2>
<p class="verdict ${verdict.className}">${verdict.word}</p>
<ul class="facts">
<li><b>${c.total}</b> calls: <span class="passed">${c.passed} passed</span>, <span class="failed">${c.failed} failed</span>, ${c.error} error, ${c.aborted} aborted${c.not_started ? `, ${c.not_started} not started (the run was interrupted first)` : ''}${c.neverConnected ? `; ${c.neverConnected} never connected (no timings from them)` : ''}</li>
<li>agent <code>${escapeHtml(s.agentUrl)}</code></li>
<li>started ${escapeHtml(s.startedAt)}, ran ${Number.isFinite(seconds) ? fmt(seconds) : '?'} s</li>
${violations.length ? `<li class="failed">protocol violations: ${escapeHtml(violations.map(([k, n]) => `${k} ×${n}`).join(', '))}</li>` : ''}
${s.bargeInsNotStopped ? `<li class="failed">barge-ins the agent talked through: ${s.bargeInsNotStopped}</li>` : ''}
</ul>
${late}
<h3>Thresholds</h3>
${thresholds}
<h3>Distributions</h3>
<table class="distributions"><thead><tr><th>metric</th><th>n</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th></tr></thead><tbody>
${row('turn_latency_ms', m.turn_latency_ms)}${row('ttfb_ms', m.ttfb_ms)}${row('barge_in_stop_ms', m.barge_in_stop_ms)}${row('first_agent_speech_ms', m.first_agent_speech_ms)}${row('talk_over_ms', m.talk_over_ms)}${row('dead_air_ms', m.dead_air_ms)}${row('call_duration_ms', m.call_duration_ms)}
</tbody></table>
<p class="muted">All times in milliseconds, measured on what the caller heard.</p>
</section>`;
}
