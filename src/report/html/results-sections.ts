/** Scenarios (pass rate, flakiness), entities (per type, every miss), failed calls and expectations. */
import type { RunSummary } from '../../summary/run-summary.ts';
import type { ScoredCall } from '../../results/scored-call.ts';
import { escapeHtml, safeId } from './escape.ts';
import { fmt } from './svg.ts';

/** A link to the call's timeline when it is embedded, its id otherwise. */
export type CallLink = (call: ScoredCall) => string;

export function callLinker(embedded: ReadonlySet<string>): CallLink {
  return (call) =>
    embedded.has(call.callId)
      ? `<a class="call-link" href="#call-${safeId(call.callId)}">${escapeHtml(call.callId)}</a>`
      : `<span title="timeline not embedded (sampled); see calls.csv and events.jsonl">${escapeHtml(call.callId)}</span>`;
}

export function scenariosSection(s: RunSummary): string {
  const rows = s.scenarios.map(
    (sc) =>
      `<tr class="${sc.passed === sc.calls ? 'ok' : 'bad'}"><td>${escapeHtml(sc.scenario)}</td><td class="num">${sc.calls}</td><td class="num">${sc.passed}</td><td class="num">${Math.round(sc.passRate * 100)}%</td><td>${sc.flaky ? '<span class="flaky">flaky</span>' : sc.passed === sc.calls ? 'stable pass' : 'stable fail'}</td><td class="num">${sc.turnLatencyMs.p50 === null ? '–' : fmt(sc.turnLatencyMs.p50)}</td><td class="num">${sc.turnLatencyMs.p95 === null ? '–' : fmt(sc.turnLatencyMs.p95)}</td></tr>`,
  );
  return `<section id="scenarios">
<h2>Scenarios</h2>
<table class="scenarios"><thead><tr><th>scenario</th><th>calls</th><th>passed</th><th>pass rate</th><th>flakiness</th><th>latency p50 (ms)</th><th>latency p95 (ms)</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="muted">Flaky: passed some runs and failed others (run with <code>--repeat N</code> to measure).</p>
</section>`;
}

export function entitiesSection(
  s: RunSummary,
  calls: readonly ScoredCall[],
  link: CallLink,
): string {
  const types = Object.entries(s.entities);
  if (types.length === 0)
    return `<section id="entities"><h2>Entities</h2><p class="muted">No scenario declares entities.</p></section>`;
  const perType = types
    .map(
      ([type, e]) =>
        `<tr${type === 'all' ? ' class="total"' : ''}><td>${escapeHtml(type)}</td><td class="num">${e.n}</td><td class="num">${e.exact}</td><td class="num">${Math.round(e.exactRate * 100)}%</td><td class="num">${e.meanCer.toFixed(3)}</td></tr>`,
    )
    .join('');
  const misses = calls.flatMap((c) =>
    (c.entities ?? []).filter((e) => !e.exact).map((e) => ({ c, e })),
  );
  const missRows = misses
    .map(
      ({ c, e }) =>
        `<tr><td>${link(c)}</td><td>${escapeHtml(c.scenario)}</td><td class="num">${e.turn}</td><td>${escapeHtml(e.name)}</td><td>${escapeHtml(e.type)}</td><td><code>${escapeHtml(e.expected)}</code></td><td>${e.captured === null ? '<i>nothing captured</i>' : `<code>${escapeHtml(e.captured)}</code>`}</td><td class="num">${e.cer.toFixed(3)}</td><td>${escapeHtml(e.source)}</td><td>${escapeHtml(e.why ?? (e.captured === null ? 'nothing captured' : 'the agent captured a different value'))}</td></tr>`,
    )
    .join('');
  return `<section id="entities">
<h2>Entities</h2>
<table class="entity-types"><thead><tr><th>type</th><th>n</th><th>exact</th><th>exact rate</th><th>mean CER</th></tr></thead><tbody>${perType}</tbody></table>
<h3>Misses (${misses.length})</h3>
${misses.length ? `<table class="entity-misses"><thead><tr><th>call</th><th>scenario</th><th>turn</th><th>entity</th><th>type</th><th>expected</th><th>captured</th><th>CER</th><th>source</th><th>why</th></tr></thead><tbody>${missRows}</tbody></table>` : '<p>Every declared entity was captured exactly.</p>'}
</section>`;
}

export function failuresSection(calls: readonly ScoredCall[], link: CallLink): string {
  const failed = calls.filter(
    (c) => c.status !== 'passed' || (c.expectations ?? []).some((x) => !x.passed),
  );
  if (failed.length === 0)
    return `<section id="failures"><h2>Failures</h2><p class="passed">No call failed.</p></section>`;
  const items = failed.map((c) => {
    const missed = (c.expectations ?? []).filter((x) => !x.passed);
    const expectations = missed.length
      ? `<ul class="expectations">${missed.map((x) => `<li><b>${x.turn === null ? 'scenario' : `turn ${x.turn}`}</b> <code>${escapeHtml(x.kind)}</code>: ${escapeHtml(x.description)} — <span class="failed">${escapeHtml(x.reason ?? 'failed')}</span> <span class="muted">(evidence: ${escapeHtml(x.source)}; ${escapeHtml(`${x.at.file}:${x.at.line}:${x.at.column}`)})</span></li>`).join('')}</ul>`
      : '';
    return `<li><span class="status ${c.status}">${escapeHtml(c.status)}</span> ${link(c)} <b>${escapeHtml(c.scenario)}</b>${c.reason ? `: ${escapeHtml(c.reason)}` : ''}${expectations}</li>`;
  });
  return `<section id="failures">
<h2>Failures (${failed.length})</h2>
<ul class="failure-list">${items.join('')}</ul>
</section>`;
}
