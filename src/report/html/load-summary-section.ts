/**
 * The top of a load run's page, from its summary.json shape (LoadSummary): verdict, call counts,
 * rates, thresholds with pass/fail, and the distributions from the merged HDR histograms.
 */
import type { LoadSummary } from '../load-types.ts';
import { escapeHtml } from './escape.ts';
import { distributionRow, thresholdsTable } from './summary-section.ts';
import { fmt } from './svg.ts';

/** As `callbench load` decides it: the thresholds held and the run was not interrupted. */
export function loadVerdict(s: LoadSummary): { word: string; className: string } {
  if (s.passed) return { word: 'PASSED', className: 'passed' };
  if (s.interrupted) return { word: 'INTERRUPTED', className: 'aborted' };
  return { word: 'FAILED', className: 'failed' };
}

const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

export function loadSummarySection(s: LoadSummary): string {
  const verdict = loadVerdict(s);
  const c = s.calls;
  const seconds = (Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000;
  const sharded = s.shards.length > 1 || s.shards[0] !== '1/1';
  const g = s.generator;
  const late =
    g.lateShare > 0.01
      ? `<p class="warning">The load generator sent ${(g.lateShare * 100).toFixed(1)}% of frames more than 5 ms late: timings may be inflated by the harness, not the agent.</p>`
      : '';
  const m = s.metrics;
  return `<section id="summary">
<h2>Load run summary</h2>
<p class="verdict ${verdict.className}">${verdict.word}</p>
<p class="muted">A load run passes when every threshold holds; calls that fail under load do not fail it by themselves.</p>
<ul class="facts">
<li><b>${c.started}</b> calls started: <span class="passed">${c.passed} passed</span>, <span class="failed">${c.failed} failed</span>, ${c.error} error, ${c.aborted} interrupted, ${c.dropped} dropped</li>
<li>rates: failure ${pct(s.rates.call_failure_rate)}, pass ${pct(s.rates.call_pass_rate)}, offered pass ${pct(s.rates.offered_call_pass_rate)}, entity exact ${pct(s.rates.entity_exact_rate)}</li>
<li>executor <code>${escapeHtml(s.executor)}</code>${sharded ? `, shards ${escapeHtml(s.shards.join(', '))}` : ''}, seed ${s.seed}${s.voices ? `, voices ${escapeHtml(s.voices.join(', '))}` : ''}</li>
<li>agent <code>${escapeHtml(s.agentUrl)}</code></li>
<li>started ${escapeHtml(s.startedAt)}, ran ${Number.isFinite(seconds) ? fmt(seconds) : '?'} s${s.interrupted ? ' <b class="failed">(interrupted)</b>' : ''}</li>
</ul>
${late}
<h3>Thresholds</h3>
${thresholdsTable(s.thresholds)}
<h3>Distributions</h3>
<table class="distributions"><thead><tr><th>metric</th><th>n</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th></tr></thead><tbody>
${distributionRow('turn_latency_ms', m.turn_latency_ms)}${distributionRow('ttfb_ms', m.ttfb_ms)}${distributionRow('call_duration_ms', m.call_duration_ms)}${distributionRow('send_lateness_ms', m.send_lateness_ms)}
</tbody></table>
<p class="muted">All times in milliseconds, from HDR histograms merged over every call (3 significant digits); <code>send_lateness_ms</code> is the generator's own frame pacing.</p>
</section>`;
}
