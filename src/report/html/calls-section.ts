/** The calls table (each call links to its timeline) and the embedded timelines, sampled for large runs. */
import { percentile } from '../../metrics/percentiles.ts';
import type { ScoredCall } from '../../results/scored-call.ts';
import { escapeHtml } from './escape.ts';
import type { CallLink } from './results-sections.ts';
import type { TimelineSample } from './sample.ts';
import { fmt } from './svg.ts';
import { timelineSection } from './timeline.ts';

function callRow(c: ScoredCall, link: CallLink, recording: string | undefined): string {
  const lat = c.metrics.turns.flatMap((t) => (t.latencyMs === null ? [] : [t.latencyMs]));
  const p50 = percentile(lat, 50);
  return `<tr class="${c.status === 'passed' ? 'ok' : 'bad'}"><td>${link(c)}</td><td>${escapeHtml(c.scenario)}</td><td><span class="status ${c.status}">${escapeHtml(c.status)}</span></td><td class="num">${fmt(c.metrics.durationMs)}</td><td class="num">${c.metrics.turns.length}</td><td class="num">${p50 === null ? '–' : fmt(p50)}</td><td class="num">${lat.length ? fmt(Math.max(...lat)) : '–'}</td><td>${recording ? `<a href="${escapeHtml(recording)}">wav</a>` : ''}</td><td class="reason-cell">${escapeHtml(c.reason ?? '')}</td></tr>`;
}

export function callsSection(
  sample: TimelineSample,
  total: number,
  link: CallLink,
  recordings: ReadonlyMap<string, string>,
): string {
  const sampled =
    sample.failedShown < sample.failedTotal || sample.passingShown < sample.passingTotal;
  const note = sampled
    ? `<p class="warning">Sampled: showing ${sample.shown.length} of ${total} calls — ${sample.failedShown} of ${sample.failedTotal} failed calls and an even sample of ${sample.passingShown} of ${sample.passingTotal} passing calls. Every call is in calls.csv, turns.csv and events.jsonl.</p>`
    : `<p class="muted">All ${total} calls; click a call for its timeline.</p>`;
  return `<section id="calls">
<h2>Calls</h2>
${note}
<table class="calls"><thead><tr><th>call</th><th>scenario</th><th>status</th><th>duration (ms)</th><th>turns</th><th>latency p50 (ms)</th><th>latency max (ms)</th><th>recording</th><th>reason</th></tr></thead><tbody>
${sample.shown.map((c) => callRow(c, link, recordings.get(c.callId))).join('\n')}
</tbody></table>
</section>
<section id="timelines">
<h2>Timelines</h2>
<p class="muted">Open a call from the table above; its timeline appears here.</p>
${sample.shown.map((c) => timelineSection(c, recordings.get(c.callId) ?? null)).join('\n')}
</section>`;
}
