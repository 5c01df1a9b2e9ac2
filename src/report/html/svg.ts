/**
 * A small SVG plotting frame: scales, gridlines, labelled axes with units, a legend. Charts draw
 * their marks inside it. Text goes through escapeHtml; numbers are formatted here.
 */
import { escapeHtml } from './escape.ts';
import { niceTicks } from './chart-data.ts';
import { COLOR } from './palette.ts';

export interface Axis {
  min: number;
  max: number;
  /** With the unit, e.g. "turn latency (ms)". */
  label: string;
  ticks?: number[];
  format?: (v: number) => string;
}

export interface PlotSpec {
  width: number;
  height: number;
  x: Axis;
  y: Axis;
  /** Read by screen readers and shown as a tooltip. */
  title: string;
  legend?: { label: string; color: string; dash?: string }[];
  /** Extra class on the <svg>, for tests and styling. */
  className?: string;
}

export type Scale = (v: number) => number;

const MARGIN = { top: 28, right: 16, bottom: 46, left: 64 };

export function fmt(v: number): string {
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Math.round(v * 100) / 100);
}

export function linearScale(min: number, max: number, from: number, to: number): Scale {
  const span = max - min || 1;
  return (v) => Math.round((from + ((v - min) / span) * (to - from)) * 10) / 10;
}

/** Draws axes, grid, labels and legend around `body`, which draws the data with the scales it is given. */
export function plot(spec: PlotSpec, body: (x: Scale, y: Scale) => string): string {
  const { width: w, height: h } = spec;
  const left = MARGIN.left;
  const right = w - MARGIN.right;
  const top = MARGIN.top;
  const bottom = h - MARGIN.bottom;
  const x = linearScale(spec.x.min, spec.x.max, left, right);
  const y = linearScale(spec.y.min, spec.y.max, bottom, top);
  const xf = spec.x.format ?? fmt;
  const yf = spec.y.format ?? fmt;
  const xTicks = spec.x.ticks ?? niceTicks(spec.x.min, spec.x.max, 8);
  const yTicks = spec.y.ticks ?? niceTicks(spec.y.min, spec.y.max, 5);
  const parts: string[] = [];
  parts.push(`<title>${escapeHtml(spec.title)}</title>`);
  for (const t of yTicks) {
    parts.push(
      `<line x1="${left}" x2="${right}" y1="${y(t)}" y2="${y(t)}" stroke="${COLOR.grid}"/>`,
    );
    parts.push(
      `<text x="${left - 6}" y="${y(t) + 4}" text-anchor="end" class="tick">${escapeHtml(yf(t))}</text>`,
    );
  }
  for (const t of xTicks) {
    parts.push(
      `<line x1="${x(t)}" x2="${x(t)}" y1="${bottom}" y2="${bottom + 4}" stroke="${COLOR.neutral}"/>`,
    );
    parts.push(
      `<text x="${x(t)}" y="${bottom + 17}" text-anchor="middle" class="tick">${escapeHtml(xf(t))}</text>`,
    );
  }
  parts.push(
    `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="${COLOR.neutral}"/>`,
  );
  parts.push(
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}" stroke="${COLOR.neutral}"/>`,
  );
  parts.push(
    `<text x="${(left + right) / 2}" y="${h - 8}" text-anchor="middle" class="axis-label">${escapeHtml(spec.x.label)}</text>`,
  );
  parts.push(
    `<text transform="translate(14 ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle" class="axis-label">${escapeHtml(spec.y.label)}</text>`,
  );
  parts.push(`<g class="marks">${body(x, y)}</g>`);
  if (spec.legend?.length) {
    let lx = left;
    for (const item of spec.legend) {
      parts.push(
        `<line x1="${lx}" x2="${lx + 18}" y1="12" y2="12" stroke="${item.color}" stroke-width="3"${item.dash ? ` stroke-dasharray="${item.dash}"` : ''}/>`,
      );
      parts.push(`<text x="${lx + 22}" y="16" class="legend">${escapeHtml(item.label)}</text>`);
      lx += 30 + item.label.length * 7;
    }
  }
  return `<svg class="chart${spec.className ? ` ${spec.className}` : ''}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">${parts.join('')}</svg>`;
}

/** A polyline through points (x, y) in data units. */
export function polyline(
  points: readonly { x: number; y: number }[],
  sx: Scale,
  sy: Scale,
  color: string,
  opts: { dash?: string; step?: boolean; width?: number } = {},
): string {
  if (points.length === 0) return '';
  const coords: string[] = [];
  points.forEach((p, i) => {
    if (opts.step && i > 0) coords.push(`${sx(p.x)},${sy(points[i - 1].y)}`);
    coords.push(`${sx(p.x)},${sy(p.y)}`);
  });
  return `<polyline fill="none" stroke="${color}" stroke-width="${opts.width ?? 2}"${opts.dash ? ` stroke-dasharray="${opts.dash}"` : ''} points="${coords.join(' ')}"/>`;
}
