import { describe, expect, test } from 'vitest';
import { formatProgress, ProgressPrinter, type ProgressSnapshot } from './progress.ts';

const snap = (tSec: number, over: Partial<ProgressSnapshot> = {}): ProgressSnapshot => ({
  tSec,
  active: 40,
  target: '40 VUs',
  started: 55,
  ended: 15,
  failed: 1,
  dropped: 0,
  turnLatencyP50Ms: 412.4,
  turnLatencyP95Ms: 780.9,
  generator: 'ok',
  cpuPercent: 37.2,
  sendLatenessP99Ms: 1.84,
  ...over,
});

describe('load progress', () => {
  test('one line with calls, turn latency so far and generator health', () => {
    expect(formatProgress(snap(75))).toBe(
      't=1:15 | active 40 (target 40 VUs) | started 55 | ended 15 | failed 1 | turn p50/p95 412/781 ms | generator ok (cpu 37%, send p99 1.8 ms)',
    );
    expect(
      formatProgress(
        snap(3, {
          dropped: 4,
          generator: 'bottleneck',
          turnLatencyP50Ms: null,
          turnLatencyP95Ms: null,
        }),
      ),
    ).toMatch(/dropped 4 \| turn p50\/p95 –\/– ms \| generator BOTTLENECK/);
  });

  test('not a terminal: a plain line every 10 s; warnings at once on their own line', () => {
    let out = '';
    const p = new ProgressPrinter((t) => (out += t), false);
    for (let t = 1; t <= 25; t++) p.update(snap(t));
    p.warn({ tSec: 25, message: 'the load generator is the bottleneck' });
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(0, 6)),
    ).toEqual(['t=0:01', 't=0:11', 't=0:21', 'WARNIN']);
    expect(out).not.toContain('\r');
  });

  test('a terminal: the status line is rewritten in place, and a warning ends it first', () => {
    let out = '';
    const p = new ProgressPrinter((t) => (out += t), true);
    p.update(snap(1));
    p.update(snap(2));
    p.warn({ tSec: 2, message: 'strained' });
    expect(out).toBe(
      `\r\x1b[2K${formatProgress(snap(1))}\r\x1b[2K${formatProgress(snap(2))}\nWARNING t=2s: strained\n`,
    );
  });
});
