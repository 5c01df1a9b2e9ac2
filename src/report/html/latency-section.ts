/** Turn latency: histogram and CDF with p50/p90/p95/p99 marked, and the agent's stage breakdown when it reports one. */
import { percentile } from '../../metrics/percentiles.ts';
import { STAGES } from '../agent-stages.ts';
import type { ScoredCall } from '../../results/scored-call.ts';
import { latencyCdfSvg, latencyHistogramSvg } from './charts.ts';
import { escapeHtml } from './escape.ts';
import { fmt } from './svg.ts';

export function turnLatencies(calls: readonly ScoredCall[]): number[] {
  return calls.flatMap((c) =>
    c.metrics.turns.flatMap((t) => (t.latencyMs === null ? [] : [t.latencyMs])),
  );
}

function stageBreakdown(calls: readonly ScoredCall[]): string {
  const timings = calls.flatMap((c) => c.agentStages ?? []);
  if (timings.length === 0)
    return '<p class="muted">The agent reported no per-stage timings (its side channel, <code>GET /calls/:callSid</code>, has no <code>turns[]</code> with <code>stt_final_ms</code> etc.), so no breakdown by stage.</p>';
  const rows = STAGES.map(({ key, label }) => {
    const values = timings.map((t) => t[key]).filter((v): v is number => v !== null);
    const p = (q: number): string => {
      const v = percentile(values, q);
      return v === null ? '–' : fmt(v);
    };
    return `<tr><td>${escapeHtml(label)}</td><td class="num">${values.length}</td><td class="num">${p(50)}</td><td class="num">${p(90)}</td><td class="num">${p(95)}</td><td class="num">${p(99)}</td></tr>`;
  });
  return `<table class="stages"><thead><tr><th>stage (as the agent timed it, ms)</th><th>n</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="muted">Reported by the agent on its side channel for ${timings.length} turns; measured on the agent's clock, so they do not include network or playback time.</p>`;
}

export function latencySection(calls: readonly ScoredCall[]): string {
  const values = turnLatencies(calls);
  return `<section id="latency">
<h2>Turn latency</h2>
<p class="muted">From the caller's last voiced sample to the first audible sample of the reply, as played: ${values.length} turns.</p>
<div class="charts">${latencyHistogramSvg(values)}${latencyCdfSvg(values)}</div>
<h3>By stage</h3>
${stageBreakdown(calls)}
</section>`;
}
