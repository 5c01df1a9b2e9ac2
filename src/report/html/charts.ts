/** The report's charts as inline SVG: latency histogram and CDF with percentile markers, and line charts over time. */
import {
  cdf,
  histogram,
  niceMax,
  percentileMarkers,
  type CdfPoint,
  type Histogram,
  type PercentileMarker,
} from './chart-data.ts';
import { escapeHtml } from './escape.ts';
import { COLOR } from './palette.ts';
import { fmt, plot, polyline, type Scale } from './svg.ts';

const MARKER_COLOR: Record<string, string> = {
  p50: COLOR.p50,
  p90: COLOR.p90,
  p95: COLOR.p95,
  p99: COLOR.p99,
};
const MARKER_DASH: Record<string, string> = { p50: '', p90: '6 3', p95: '3 3', p99: '1 3' };

/** Vertical lines at the percentiles, labelled, staggered so close values stay readable. */
function markerLines(
  markers: readonly PercentileMarker[],
  x: Scale,
  top: number,
  bottom: number,
  plotRight: number,
): string {
  return markers
    .map((m, i) => {
      const color = MARKER_COLOR[m.label] ?? COLOR.neutral;
      const dash = MARKER_DASH[m.label] ? ` stroke-dasharray="${MARKER_DASH[m.label]}"` : '';
      const at = x(m.value);
      // Labels near the right edge go on the line's left, so they are not cut off.
      const label = at > plotRight - 110 ? `x="${at - 3}" text-anchor="end"` : `x="${at + 3}"`;
      return `<g class="percentile-marker" data-p="${m.p}"><line x1="${at}" x2="${at}" y1="${top}" y2="${bottom}" stroke="${color}" stroke-width="2"${dash}/><text ${label} y="${top + 12 + i * 13}" class="marker-label" fill="${color === COLOR.p90 ? '#1f6f99' : color}">${m.label} ${fmt(m.value)} ms</text></g>`;
    })
    .join('');
}

const W = 560;
const H = 280;

export function latencyHistogramSvg(valuesMs: readonly number[], what = 'turn latency'): string {
  return binnedHistogramSvg(histogram(valuesMs, 24), percentileMarkers(valuesMs), what);
}

export function latencyCdfSvg(valuesMs: readonly number[], what = 'turn latency'): string {
  return cdfPointsSvg(cdf(valuesMs), percentileMarkers(valuesMs), valuesMs.length, what);
}

/** A histogram already binned (from raw samples or from counted values such as an HDR histogram's). */
export function binnedHistogramSvg(
  h: Histogram,
  markers: readonly PercentileMarker[],
  what = 'turn latency',
): string {
  if (h.bins.length === 0) return `<p class="empty">No ${escapeHtml(what)} samples.</p>`;
  const n = h.bins.reduce((a, b) => a + b.count, 0);
  const xMin = h.bins[0].start;
  const xMax = h.bins[h.bins.length - 1].end;
  const yMax = niceMax(Math.max(...h.bins.map((b) => b.count)));
  return plot(
    {
      width: W,
      height: H,
      title: `${what}: histogram of ${n} samples, bins of ${fmt(h.binWidth)} ms`,
      className: 'latency-histogram',
      x: { min: xMin, max: xMax, label: `${what} (ms)` },
      y: {
        min: 0,
        max: yMax,
        label: 'turns (count)',
        format: (v) => (Number.isInteger(v) ? String(v) : ''),
      },
    },
    (x, y) =>
      h.bins
        .map((b) => {
          const height = y(0) - y(b.count);
          return b.count === 0
            ? ''
            : `<rect x="${x(b.start) + 0.5}" y="${y(b.count)}" width="${Math.max(1, Math.round((x(b.end) - x(b.start) - 1) * 10) / 10)}" height="${Math.round(height * 10) / 10}" fill="${COLOR.caller}" fill-opacity="0.75"><title>${fmt(b.start)}–${fmt(b.end)} ms: ${b.count}</title></rect>`;
        })
        .join('') + markerLines(markers, x, y(yMax), y(0), x(xMax)),
  );
}

/** A CDF already computed, over `n` samples. */
export function cdfPointsSvg(
  points: readonly CdfPoint[],
  markers: readonly PercentileMarker[],
  n: number,
  what = 'turn latency',
): string {
  if (points.length === 0) return `<p class="empty">No ${escapeHtml(what)} samples.</p>`;
  const xMin = 0;
  const xMax = niceMax(points[points.length - 1].value);
  return plot(
    {
      width: W,
      height: H,
      title: `${what}: cumulative distribution of ${n} samples`,
      className: 'latency-cdf',
      x: { min: xMin, max: xMax, label: `${what} (ms)` },
      y: {
        min: 0,
        max: 1,
        label: 'share of turns at or below (%)',
        ticks: [0, 0.25, 0.5, 0.75, 0.9, 1],
        format: (v) => `${Math.round(v * 100)}%`,
      },
    },
    (x, y) => {
      const line = [
        { x: points[0].value, y: 0 },
        ...points.map((p) => ({ x: p.value, y: p.fraction })),
      ];
      return (
        polyline(line, x, y, COLOR.caller, { step: true, width: 2.5 }) +
        markerLines(markers, x, y(1), y(0), x(xMax))
      );
    },
  );
}

export interface Series {
  label: string;
  color: string;
  dash?: string;
  points: { x: number; y: number | null }[];
}

/** Several series over one x axis; a null y breaks the line (no data in that interval). */
export function lineChartSvg(opts: {
  title: string;
  className: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  width?: number;
  height?: number;
  markX?: { x: number; label: string }[];
}): string {
  const all = opts.series.flatMap((s) => s.points);
  const ys = all.map((p) => p.y).filter((v): v is number => v !== null);
  if (all.length === 0) return `<p class="empty">No data for ${escapeHtml(opts.title)}.</p>`;
  const xMin = Math.min(...all.map((p) => p.x));
  const xMax = Math.max(...all.map((p) => p.x));
  const yMax = niceMax(ys.length ? Math.max(...ys) : 1);
  return plot(
    {
      width: opts.width ?? 760,
      height: opts.height ?? 240,
      title: opts.title,
      className: opts.className,
      x: { min: xMin, max: xMax === xMin ? xMin + 1 : xMax, label: opts.xLabel },
      y: { min: 0, max: yMax, label: opts.yLabel },
      legend: opts.series.map((s) => ({ label: s.label, color: s.color, dash: s.dash })),
    },
    (x, y) => {
      const lines = opts.series
        .map((s) => {
          const runs: { x: number; y: number }[][] = [[]];
          for (const p of s.points) {
            if (p.y === null) runs.push([]);
            else runs[runs.length - 1].push({ x: p.x, y: p.y });
          }
          const dots = s.points
            .filter((p): p is { x: number; y: number } => p.y !== null)
            .map(
              (p) =>
                `<circle cx="${x(p.x)}" cy="${y(p.y)}" r="2.5" fill="${s.color}"><title>${escapeHtml(s.label)}: ${fmt(p.y)} at ${fmt(p.x)}</title></circle>`,
            );
          return (
            runs.map((r) => polyline(r, x, y, s.color, { dash: s.dash })).join('') + dots.join('')
          );
        })
        .join('');
      const marks = (opts.markX ?? [])
        .map(
          (m) =>
            `<line x1="${x(m.x)}" x2="${x(m.x)}" y1="${y(yMax)}" y2="${y(0)}" stroke="${COLOR.fail}" stroke-dasharray="4 3"/><text x="${x(m.x) + 4}" y="${y(yMax) + 12}" class="marker-label" fill="${COLOR.fail}">${escapeHtml(m.label)}</text>`,
        )
        .join('');
      return lines + marks;
    },
  );
}
