/**
 * The load run, from load.json: load (concurrency or arrival rate) over time against turn latency
 * and failures, the limit `--find-limit` found with the evidence of each step, and whether the
 * generator itself was the bottleneck.
 */
import type { LoadReportData } from '../load-data.ts';
import { lineChartSvg, type Series } from './charts.ts';
import { escapeHtml } from './escape.ts';
import { COLOR, OKABE_ITO } from './palette.ts';
import { fmt } from './svg.ts';

const opt = (v: number | null | undefined): string =>
  v === null || v === undefined ? '–' : fmt(v);

export function loadSection(load: LoadReportData): string {
  const tl = load.timeline;
  const x = (p: (typeof tl)[number]): number => p.tSec;
  const loadSeries: Series[] = [
    {
      label: 'calls in flight',
      color: COLOR.caller,
      points: tl.map((p) => ({ x: x(p), y: p.activeCalls })),
    },
  ];
  if (tl.some((p) => p.targetConcurrency !== undefined))
    loadSeries.push({
      label: 'target concurrency',
      color: OKABE_ITO.black,
      dash: '6 4',
      points: tl.map((p) => ({ x: x(p), y: p.targetConcurrency ?? null })),
    });
  if (tl.some((p) => p.arrivalRatePerSec !== undefined))
    loadSeries.push({
      label: 'target arrival rate (calls/s)',
      color: OKABE_ITO.reddishPurple,
      dash: '2 3',
      points: tl.map((p) => ({ x: x(p), y: p.arrivalRatePerSec ?? null })),
    });
  const limitAt = load.generator.bottleneckSinceSec;
  const generatorMark = limitAt === null ? [] : [{ x: limitAt, label: 'generator bottleneck' }];
  const charts = [
    lineChartSvg({
      title: 'Load over time',
      className: 'load-over-time',
      xLabel: 'time since the load run started (s)',
      yLabel: 'calls (count) / rate (calls/s)',
      series: loadSeries,
      markX: generatorMark,
    }),
    lineChartSvg({
      title: 'Turn latency over time',
      className: 'latency-over-time',
      xLabel: 'time since the load run started (s)',
      yLabel: 'turn latency (ms)',
      series: [
        {
          label: 'p50',
          color: COLOR.p50,
          points: tl.map((p) => ({ x: x(p), y: p.turnLatencyP50Ms })),
        },
        {
          label: 'p95',
          color: COLOR.p95,
          dash: '3 3',
          points: tl.map((p) => ({ x: x(p), y: p.turnLatencyP95Ms })),
        },
      ],
      markX: generatorMark,
    }),
    lineChartSvg({
      title: 'Failures over time',
      className: 'failures-over-time',
      xLabel: 'time since the load run started (s)',
      yLabel: 'calls per interval (count)',
      series: [
        {
          label: 'failed',
          color: COLOR.fail,
          points: tl.map((p) => ({ x: x(p), y: p.failedCalls })),
        },
        {
          label: 'dropped',
          color: OKABE_ITO.reddishPurple,
          dash: '6 4',
          points: tl.map((p) => ({ x: x(p), y: p.droppedCalls })),
        },
        {
          label: 'completed',
          color: COLOR.pass,
          dash: '2 3',
          points: tl.map((p) => ({ x: x(p), y: p.completedCalls })),
        },
      ],
      markX: generatorMark,
    }),
  ];

  let findLimit = '';
  if (load.findLimit) {
    const f = load.findLimit;
    const chart = lineChartSvg({
      title: 'Find-limit steps: p95 turn latency by concurrency',
      className: 'find-limit',
      xLabel: 'concurrency (calls in flight)',
      yLabel: 'p95 turn latency (ms)',
      series: [
        {
          label: 'p95 turn latency',
          color: COLOR.p95,
          points: [...f.steps]
            .sort((a, b) => a.concurrency - b.concurrency)
            .map((s) => ({ x: s.concurrency, y: s.turnLatencyP95Ms })),
        },
      ], // by concurrency, not the order tried (bisecting goes back down)
      markX: f.limit === null ? [] : [{ x: f.limit, label: `limit ${f.limit}` }],
    });
    const rows = f.steps
      .map(
        (s) =>
          `<tr class="${s.held ? 'ok' : 'bad'}"><td class="num">${s.concurrency}</td><td>${s.held ? '✓ held' : '✗ broke'}</td><td class="num">${s.calls}</td><td class="num">${opt(s.turnLatencyP95Ms)}</td><td class="num">${(s.failureRate * 100).toFixed(1)}%</td><td class="num">${s.entityExactRate === null ? '–' : `${(s.entityExactRate * 100).toFixed(1)}%`}</td><td class="num">${s.offeredPassRate === null ? '–' : `${(s.offeredPassRate * 100).toFixed(1)}%`}</td><td>${escapeHtml(s.reason ?? '')}</td></tr>`,
      )
      .join('');
    findLimit = `<h3>Limit found</h3>
<p class="verdict-line">Budget <code>${escapeHtml(f.budget)}</code>: ${f.limit === null ? '<b class="failed">no level held</b>' : `the agent held up to <b>${f.limit}</b> concurrent calls`}.</p>
${chart}
<table class="find-limit-steps"><thead><tr><th>concurrency</th><th>verdict</th><th>calls</th><th>p95 latency (ms)</th><th>failure rate</th><th>entity exact</th><th>offered pass rate</th><th>why</th></tr></thead><tbody>${rows}</tbody></table>`;
  }

  const g = load.generator;
  const warnings = g.warnings.length
    ? `<ul class="generator-warnings">${g.warnings.map((w) => `<li>${fmt(w.tSec)} s: ${escapeHtml(w.message)}</li>`).join('')}</ul>`
    : '<p class="muted">No generator warnings.</p>';
  return `<section id="load">
<h2>Load run <span class="muted">(${escapeHtml(load.executor)})</span></h2>
<div class="charts">${charts.join('')}</div>
${findLimit}
<h3>Generator health</h3>
${g.bottleneck ? `<p class="warning">The load generator was the bottleneck${g.bottleneckSinceSec === null ? '' : ` from ${fmt(g.bottleneckSinceSec)} s`}: results after that measure the harness as much as the agent.</p>` : '<p class="passed">The generator kept up: it was not the bottleneck.</p>'}
<table class="generator"><tbody><tr><td>event-loop delay p99</td><td class="num">${fmt(g.eventLoopDelayP99Ms)} ms</td></tr><tr><td>CPU</td><td class="num">${fmt(g.cpuPercent)}%</td></tr><tr><td>frame send lateness p99</td><td class="num">${fmt(g.sendLatenessP99Ms)} ms</td></tr></tbody></table>
${warnings}
</section>`;
}
