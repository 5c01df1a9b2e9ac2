/**
 * The whole report as one self-contained HTML document: inline CSS, inline SVG, no script, no
 * external resource (a Content-Security-Policy forbids any), so it opens from file:// in a CI
 * artifact and shows the same offline. Timelines are shown one at a time with CSS `:target`:
 * following a call's link opens its timeline.
 */
import { escapeHtml } from './escape.ts';
import { callsSection } from './calls-section.ts';
import { latencySection } from './latency-section.ts';
import { loadSection } from './load-section.ts';
import type { ReportModel } from './model.ts';
import { COLOR } from './palette.ts';
import {
  callLinker,
  entitiesSection,
  failuresSection,
  scenariosSection,
} from './results-sections.ts';
import { sampleTimelines } from './sample.ts';
import { summarySection, verdictOf } from './summary-section.ts';
import { matrixSection } from './matrix-section.ts';
import { summarizeMatrix } from '../../matrix/summary.ts';

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; margin: 0; background: #fafafa; }
header { background: #fff; border-bottom: 1px solid #ddd; padding: 12px 24px; }
header h1 { font-size: 20px; margin: 0 12px 0 0; display: inline-block; }
nav a { margin-right: 14px; color: ${COLOR.caller}; }
main { padding: 8px 24px 48px; max-width: 1400px; }
section { background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; padding: 8px 18px 14px; margin: 16px 0; }
h2 { font-size: 18px; margin: 8px 0; } h3 { font-size: 15px; margin: 14px 0 6px; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border-bottom: 1px solid #e6e6e6; padding: 3px 10px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; font-weight: 600; }
td.num { white-space: nowrap; text-align: right; font-variant-numeric: tabular-nums; }
tr.bad td:first-child { border-left: 4px solid ${COLOR.fail}; } tr.ok td:first-child { border-left: 4px solid ${COLOR.pass}; }
.verdict { display: inline-block; font-size: 22px; font-weight: 700; padding: 2px 14px; border-radius: 4px; color: #fff; margin: 4px 0; }
.verdict.passed { background: ${COLOR.pass}; color: #fff; } .verdict.failed { background: ${COLOR.fail}; color: #fff; } .verdict.aborted { background: #8a6d00; color: #fff; }
.passed { color: #00664a; } .failed { color: #a33f00; }
.status { font-size: 12px; font-weight: 600; padding: 1px 6px; border-radius: 3px; color: #fff; background: ${COLOR.neutral}; }
.status.passed { background: ${COLOR.pass}; color: #fff; } .status.failed, .status.error { background: ${COLOR.fail}; color: #fff; }
.muted { color: #666; } .warning { background: #fff6d6; border-left: 4px solid ${COLOR.agent}; padding: 6px 10px; }
.flaky { background: #fff0c2; padding: 0 6px; border-radius: 3px; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
svg.chart { max-width: 100%; height: auto; background: #fff; }
svg text { font: 12px system-ui, sans-serif; fill: #333; } svg .axis-label { font-size: 13px; fill: #111; } svg .small { font-size: 11px; }
svg .marker-label, svg .latency-label { font-size: 12px; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; } svg .latency-label { fill: #7a2d5c; } svg .lane-label { font-size: 13px; font-weight: 600; }
.timeline { display: none; border: 2px solid ${COLOR.caller}; }
.timeline:target { display: block; }
.timeline-scroll { overflow-x: auto; border: 1px solid #eee; }
.columns { display: flex; flex-wrap: wrap; gap: 24px; }
.legend-row { font-size: 13px; } .swatch { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 10px; vertical-align: -1px; }
.reason { color: #a33f00; font-weight: 600; } .reason-cell { max-width: 520px; }
code { background: #f2f2f2; padding: 0 3px; border-radius: 3px; }
ul.failure-list li { margin: 6px 0; }
table.matrix td.heat { min-width: 120px; text-align: center; } .small { font-size: 12px; color: #333; }
`;

export function renderReport(model: ReportModel): string {
  const s = model.summary;
  const sample = sampleTimelines(model.calls);
  const link = callLinker(new Set(sample.shown.map((c) => c.callId)));
  const verdict = verdictOf(s);
  const matrix = summarizeMatrix(model.calls);
  return renderPage({
    title: `callbench ${verdict.word}: ${s.calls.passed}/${s.calls.total} calls passed`,
    nav: [
      ['summary', 'summary'],
      ['latency', 'latency'],
      ...(model.load ? [['load', 'load'] as const] : []),
      ...(matrix ? [['matrix', 'matrix'] as const] : []),
      ['scenarios', 'scenarios'],
      ['entities', 'entities'],
      ['failures', 'failures'],
      ['calls', 'calls'],
    ],
    sections: [
      summarySection(s),
      latencySection(model.calls),
      ...(model.load ? [loadSection(model.load)] : []),
      ...(matrix ? [matrixSection(matrix)] : []),
      scenariosSection(s),
      entitiesSection(s, model.calls, link),
      failuresSection(model.calls, link),
      callsSection(sample, model.calls.length, link, model.recordings),
    ],
    redacted: model.redacted,
  });
}

/** What every report page shares: the head (CSP, styles), a header with the title and section links, and the sections. */
export interface PageFrame {
  title: string;
  /** Section id and link text, in page order. */
  nav: readonly (readonly [id: string, label: string])[];
  sections: readonly string[];
  redacted: boolean;
}

export function renderPage(frame: PageFrame): string {
  const nav = frame.nav
    .map(([id, label]) => `<a href="#${escapeHtml(id)}">${escapeHtml(label)}</a>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; media-src 'self' file:; img-src data:">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(frame.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(frame.title)}</h1><nav>${nav}</nav>${frame.redacted ? '<span class="warning">redacted: entity values and digit runs are masked</span>' : ''}</header>
<main>
${frame.sections.join('\n')}
</main>
</body>
</html>
`;
}
