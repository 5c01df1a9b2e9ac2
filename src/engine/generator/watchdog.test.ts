import { describe, expect, test } from 'vitest';
import { ThreadMonitor, type ThreadSample } from './thread-monitor.ts';
import { GeneratorWatchdog } from './watchdog.ts';

const healthy = (thread = 'main'): ThreadSample => ({
  thread,
  eventLoopDelayP99Ms: 1,
  eventLoopDelayP99MsTotal: 1,
  utilization: 0.3,
  frames: 5000,
  framesLate5ms: 3,
  latenessP99Ms: 1.2,
});

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* the point: block the event loop */
  }
}
const nextTurn = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('generator watchdog', () => {
  test('a deliberately blocked event loop is measured, and sustained blocking marks the generator the bottleneck from its start', async () => {
    const monitor = new ThreadMonitor('main');
    const watchdog = new GeneratorWatchdog();
    try {
      await nextTurn(100);
      expect(watchdog.observe(1, 1, [monitor.sample().sample])).toEqual([]);
      const warnings = [];
      const delays: number[] = [];
      for (let window = 2; window <= 4; window++) {
        await nextTurn(30);
        busyWait(250);
        await nextTurn(30);
        const { sample } = monitor.sample();
        delays.push(sample.eventLoopDelayP99Ms);
        warnings.push(...watchdog.observe(window, 1, [sample]));
      }
      for (const d of delays) expect(d).toBeGreaterThan(200);
      expect(watchdog.bottleneckSinceSec).toBe(1);
      expect(warnings).toHaveLength(1);
      expect(warnings[0].message).toMatch(/bottleneck .*event-loop delay p99 \d+ ms/);
      expect(watchdog.health(50, 2).bottleneck).toBe(true);
    } finally {
      monitor.close();
    }
  });

  test('frame lateness is counted per frame, and a quiet thread reads as healthy', () => {
    const monitor = new ThreadMonitor('worker-1');
    try {
      for (let i = 0; i < 1000; i++) monitor.recordLateness(i < 980 ? 0.5 : 12);
      const { sample, lateness } = monitor.sample();
      expect(sample).toMatchObject({ frames: 1000, framesLate5ms: 20 });
      expect(sample.latenessP99Ms).toBeCloseTo(12, 1);
      expect(lateness.totalCount).toBe(1000);
      expect(monitor.sample().sample).toMatchObject({
        frames: 0,
        framesLate5ms: 0,
        latenessP99Ms: null,
      });
    } finally {
      monitor.close();
    }
  });

  test('with a few calls, a hiccup that delays a couple of frames is not strain; a backlog is', () => {
    const oneCall = { ...healthy(), frames: 50, framesLate5ms: 2, latenessP99Ms: 14 };
    const w = new GeneratorWatchdog();
    expect(w.observe(1, 1, [oneCall])).toEqual([]);
    expect(w.state).toBe('ok');
    w.observe(2, 1, [{ ...oneCall, framesLate5ms: 50 }]);
    expect(w.state).toBe('strained');
  });

  test('one stalled second is noise; three strained seconds in a row are a bottleneck, and the mark stays', () => {
    const w = new GeneratorWatchdog();
    const late: ThreadSample = { ...healthy('worker-2'), latenessP99Ms: 14, framesLate5ms: 400 };
    expect(w.observe(1, 1, [healthy('worker-1'), late])).toEqual([]);
    expect(w.state).toBe('strained');
    w.observe(2, 1, [healthy('worker-1'), healthy('worker-2')]);
    expect(w.state).toBe('ok');
    w.observe(3, 1, [late]);
    w.observe(4, 1, [late]);
    expect(w.bottleneckSinceSec).toBeNull();
    const raised = w.observe(5, 1, [late]);
    expect(raised[0].message).toMatch(/worker-2: frame send lateness p99 14.0 ms > 5 ms/);
    expect(w.bottleneckSinceSec).toBe(2);
    expect(w.observe(6, 1, [healthy()])[0].message).toMatch(/recovered/);
    expect(w.health(40, 3)).toMatchObject({ bottleneck: true, bottleneckSinceSec: 2 });
  });
});
