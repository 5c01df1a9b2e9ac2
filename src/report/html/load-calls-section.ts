/**
 * A load run's scenarios, failure reasons and calls, from its calls.csv read back in bounded
 * memory: every count is over all calls, but the calls table is a sample (failed calls first),
 * and no call has a timeline, because a load run keeps no per-call events.
 */
import type { CallsSample, SampledCall } from '../load-types.ts';
import type { LoadSummary } from '../load-types.ts';
import { escapeHtml } from './escape.ts';
import { fmt } from './svg.ts';

const MAX_REASONS = 20;
const opt = (v: number | null): string => (v === null ? '–' : fmt(v));

export function loadScenariosSection(s: LoadSummary, calls: CallsSample | null): string {
  const counted = new Map((calls?.scenarios ?? []).map((sc) => [sc.scenario, sc]));
  const rows = s.scenarios.map((sc) => {
    const c = counted.get(sc.name);
    const rate = c && c.calls ? `${Math.round((c.passed / c.calls) * 100)}%` : '–';
    return `<tr class="${c && c.passed < c.calls ? 'bad' : 'ok'}"><td>${escapeHtml(sc.name)}</td><td class="num">${fmt(sc.weight * 100)}%</td><td class="num">${c?.calls ?? 0}</td><td class="num">${c?.passed ?? 0}</td><td class="num">${rate}</td></tr>`;
  });
  return `<section id="scenarios">
<h2>Scenarios</h2>
<table class="scenarios"><thead><tr><th>scenario</th><th>share of the mix</th><th>calls</th><th>passed</th><th>pass rate</th></tr></thead><tbody>${rows.join('')}</tbody></table>
${calls ? '' : '<p class="warning">No calls.csv in this directory: per-scenario counts are unknown.</p>'}
</section>`;
}

export function loadFailuresSection(calls: CallsSample | null): string {
  if (!calls)
    return `<section id="failures"><h2>Failures</h2><p class="warning">No calls.csv in this directory: failure reasons are unknown.</p></section>`;
  if (calls.failedTotal === 0)
    return `<section id="failures"><h2>Failures</h2><p class="passed">No call failed.</p></section>`;
  const shown = calls.reasons.slice(0, MAX_REASONS);
  const rows = shown
    .map(
      (r) =>
        `<tr><td class="num">${r.calls}</td><td class="reason-cell">${escapeHtml(r.reason)}</td></tr>`,
    )
    .join('');
  return `<section id="failures">
<h2>Failures (${calls.failedTotal})</h2>
<table class="failure-reasons"><thead><tr><th>calls</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table>
${calls.reasons.length > shown.length ? `<p class="muted">The ${shown.length} most common of ${calls.reasons.length} distinct reasons; every call's reason is in calls.csv.</p>` : ''}
</section>`;
}

function callRow(c: SampledCall): string {
  return `<tr class="${c.status === 'passed' ? 'ok' : 'bad'}"><td>${escapeHtml(c.callId)}</td><td>${escapeHtml(c.scenario)}</td><td>${escapeHtml(c.voice)}</td><td><span class="status ${escapeHtml(c.status)}">${escapeHtml(c.status)}</span></td><td class="num">${opt(c.startedSec)}</td><td class="num">${opt(c.durationMs)}</td><td class="num">${opt(c.turnCount)}</td><td class="num">${opt(c.turnLatencyP50Ms)}</td><td class="num">${opt(c.turnLatencyMaxMs)}</td><td class="num">${opt(c.stepConcurrency)}</td><td class="reason-cell">${escapeHtml(c.reason)}</td></tr>`;
}

export function loadCallsSection(calls: CallsSample | null): string {
  const noTimelines =
    '<p class="muted">No per-call timelines: a load run keeps no per-call events (its memory stays constant however many calls it makes). Use <code>callbench run</code> on a failing scenario to see its timeline.</p>';
  if (!calls)
    return `<section id="calls"><h2>Calls</h2><p class="warning">No calls.csv in this directory.</p>${noTimelines}</section>`;
  const shown = [...calls.failed, ...calls.passing];
  const note =
    shown.length < calls.total
      ? `Summarized and sampled: showing ${shown.length} of ${calls.total} calls — the first ${calls.failed.length} of ${calls.failedTotal} failed calls, then an even sample of ${calls.passing.length} of ${calls.passingTotal} passing calls. Every call is in calls.csv; the counts and charts above cover all of them.`
      : `Summarized: all ${calls.total} calls, failed first (${calls.failedTotal} failed, ${calls.passingTotal} passing), one row each from calls.csv. A larger run shows its first failed calls and an even sample of passing ones.`;
  return `<section id="calls">
<h2>Calls</h2>
<p class="warning">${note}</p>
${noTimelines}
<table class="calls"><thead><tr><th>call</th><th>scenario</th><th>voice</th><th>status</th><th>started (s)</th><th>duration (ms)</th><th>turns</th><th>latency p50 (ms)</th><th>latency max (ms)</th><th>step concurrency</th><th>reason</th></tr></thead><tbody>
${shown.map(callRow).join('\n')}
</tbody></table>
</section>`;
}
