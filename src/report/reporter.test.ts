/** notifyReporters: hooks run in list order, each awaited before the next, and a failing reporter does not stop the others. */
import { describe, expect, test } from 'vitest';
import { notifyReporters, ReporterError, type Reporter } from './reporter.ts';

interface TestEvents {
  plan: string;
  call: number;
  interval: { tSec: number };
  summary: string;
}

describe('notifyReporters', () => {
  test('runs onInterval on each reporter in order, the next only once the last has resolved', async () => {
    const log: string[] = [];
    let release: () => void = () => {};
    const slow: Reporter<TestEvents> = {
      name: 'slow',
      onInterval: (s) =>
        new Promise<void>((resolve) => {
          log.push(`slow start ${s.tSec}`);
          release = () => {
            log.push('slow done');
            resolve();
          };
        }),
    };
    const next: Reporter<TestEvents> = {
      name: 'next',
      onInterval: (s) => void log.push(`next ${s.tSec}`),
    };
    const none: Reporter<TestEvents> = {
      name: 'no interval hook',
      onCallEnd: () => void log.push('wrong hook'),
    };
    const done = notifyReporters([slow, none, next], 'onInterval', { tSec: 10 });
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['slow start 10']);
    release();
    expect(await done).toEqual([]);
    expect(log).toEqual(['slow start 10', 'slow done', 'next 10']);
  });

  test('a reporter that throws or rejects is reported, and the reporters after it still run', async () => {
    const seen: string[] = [];
    const cause = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    const reporters: Reporter<TestEvents>[] = [
      {
        name: 'throws',
        onInterval: () => {
          throw cause;
        },
      },
      { name: 'rejects', onInterval: () => Promise.reject(new Error('gone')) },
      { name: 'fine', onInterval: (s) => void seen.push(`fine ${s.tSec}`) },
    ];
    const errors = await notifyReporters(reporters, 'onInterval', { tSec: 20 });
    expect(seen).toEqual(['fine 20']);
    expect(errors.map((e) => e.message)).toEqual([
      'reporter "throws" failed in onInterval: no space left on device',
      'reporter "rejects" failed in onInterval: gone',
    ]);
    expect(errors[0]).toBeInstanceOf(ReporterError);
    expect(errors[0]).toMatchObject({ reporter: 'throws', hook: 'onInterval' });
    // The original error (with its file-system code) is kept, so a caller can say what went wrong.
    expect(errors[0].cause).toBe(cause);
  });

  test('every hook goes through the same path', async () => {
    const log: string[] = [];
    const r: Reporter<TestEvents> = {
      name: 'all',
      onRunStart: (p) => void log.push(`start ${p}`),
      onCallEnd: (c) => void log.push(`call ${c}`),
      onInterval: (s) => void log.push(`interval ${s.tSec}`),
      onRunEnd: (s) => void log.push(`end ${s}`),
    };
    await notifyReporters([r], 'onRunStart', 'plan');
    await notifyReporters([r], 'onCallEnd', 1);
    await notifyReporters([r], 'onInterval', { tSec: 1 });
    await notifyReporters([r], 'onRunEnd', 'summary');
    expect(log).toEqual(['start plan', 'call 1', 'interval 1', 'end summary']);
  });
});
