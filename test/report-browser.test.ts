/**
 * The HTML report in a real browser: a short real run against a fixture agent on 127.0.0.1
 * (barge-in, marks, `clear`, a failing call), a load.json beside it, `callbench report`, and the
 * page opened from file:// in Debian's headless chromium through playwright-core. Checks that the
 * charts render with a size, that a call's link opens its timeline, and that no request leaves
 * the file. Saves test-artifacts/report.png.
 *
 * Skips (saying why) only where no browser can be had: .ci/run installs chromium when apt-get exists.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import {
  ARTIFACTS,
  browserMissing,
  openReport,
  expectChartsVisible,
} from './report-browser-helpers.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fakeIo } from '../src/cli/fake-io.ts';
import { runCli } from '../src/cli/program.ts';
import type { LoadReportData } from '../src/report/load-data.ts';
import { startBargeInAgent, type BargeInAgent } from './fixtures/barge-in-agent.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from './helpers.ts';

const BARGE_IN = `name: barge-in
caller: { voice: kal, line_noise_dbfs: -60 }
reply: { end_silence_ms: 600 }
turns:
  - say: { text: "what are your opening hours", entities: { store: { type: code, value: ST4821 } } }
  - interrupt: { after_ms: 700, say: "sorry, say that again" }
  - hangup
`;
const UNANSWERED = `name: too-impatient
caller: { voice: kal, line_noise_dbfs: -60 }
turns:
  - say: { text: "hello", timeout_ms: 200 }
`;

const LOAD: LoadReportData = {
  executor: 'find-limit',
  timeline: [10, 20, 30, 40, 50, 60].map((tSec, i) => ({
    tSec,
    activeCalls: 2 + i * 2,
    targetConcurrency: 2 + i * 2,
    startedCalls: 4,
    completedCalls: 4 - (i > 3 ? 1 : 0),
    failedCalls: i > 3 ? 1 : 0,
    droppedCalls: 0,
    turnLatencyP50Ms: 520 + i * 40,
    turnLatencyP95Ms: i === 2 ? null : 700 + i * 120,
  })),
  findLimit: {
    budget: 'turn_latency_ms p(95)<1200',
    limit: 8,
    steps: [
      {
        concurrency: 4,
        held: true,
        reason: null,
        calls: 12,
        turnLatencyP95Ms: 820,
        failureRate: 0,
        entityExactRate: 1,
        offeredPassRate: null,
      },
      {
        concurrency: 8,
        held: true,
        reason: null,
        calls: 24,
        turnLatencyP95Ms: 1090,
        failureRate: 0,
        entityExactRate: 0.96,
        offeredPassRate: null,
      },
      {
        concurrency: 12,
        held: false,
        reason: 'p95 turn latency 1,340 ms ≥ 1,200 ms',
        calls: 36,
        turnLatencyP95Ms: 1340,
        failureRate: 0.08,
        entityExactRate: 0.9,
        offeredPassRate: null,
      },
    ],
  },
  generator: {
    bottleneck: false,
    bottleneckSinceSec: null,
    eventLoopDelayP99Ms: 3.2,
    cpuPercent: 41,
    sendLatenessP99Ms: 1.4,
    warnings: [{ tSec: 50, message: 'agent <slow> to answer & "busy"' }],
  },
};

let kit: Kit;
let agent: BargeInAgent;
let runDir: string;
let context: BrowserContext;
let page: Page;
let offFile: string[] = [];
let consoleErrors: string[] = [];

describe.skipIf(browserMissing !== null)(
  `report.html in headless chromium${browserMissing ? ` — skipped: ${browserMissing}` : ''}`,
  () => {
    beforeAll(async () => {
      kit = await makeKit();
      agent = await startBargeInAgent({
        longReply: await kit.speech(
          'our store is open from nine in the morning until six in the evening, every day',
        ),
        shortReply: await kit.speech('sure'),
        replyDelayMs: 500,
        clearAfterMs: 150,
      });
      const dir = await mkdtemp(join(tmpdir(), 'callbench-browser-'));
      await writeFile(join(dir, 'barge-in.yaml'), BARGE_IN);
      await writeFile(join(dir, 'unanswered.yaml'), UNANSWERED);
      runDir = join(dir, 'run');
      const io = fakeIo(undefined, dir);
      const code = await runCli(
        [
          'run',
          dir,
          '--agent',
          agent.url,
          '--out',
          runDir,
          '--tts-cache',
          TEST_TTS_CACHE,
          '--record',
          'all',
          '-c',
          '2',
          '-t',
          'turn_latency_ms=p(95)<5000',
          '-t',
          'call_pass_rate=rate>=1',
        ],
        io,
      );
      expect(io.err).toBe('');
      expect(code).toBe(1); // the unanswered call fails
      await writeFile(join(runDir, 'load.json'), JSON.stringify(LOAD));
      expect(await runCli(['report', runDir], fakeIo())).toBe(1);

      ({ context, page, offFile, consoleErrors } = await openReport(join(runDir, 'report.html')));
    }, 90_000);

    afterAll(async () => {
      await context?.close();
      await agent?.close();
      await kit?.close();
    });

    test('the charts render, with percentile markers, at a visible size', async () => {
      await expectChartsVisible(page, [
        'svg.latency-histogram',
        'svg.latency-cdf',
        'svg.load-over-time',
        'svg.latency-over-time',
        'svg.failures-over-time',
        'svg.find-limit',
      ]);
      expect(await page.locator('svg.latency-cdf .percentile-marker').count()).toBe(4);
      expect(await page.locator('svg.latency-histogram rect').count()).toBeGreaterThan(0);
      expect(await page.locator('.verdict').textContent()).toBe('FAILED');
      expect(await page.locator('table.thresholds tr.bad').count()).toBe(1);
      expect(await page.locator('.generator-warnings').textContent()).toContain(
        'agent <slow> to answer & "busy"',
      );
    });

    test('a call link opens its timeline, with lanes, latencies, the barge-in and the clear', async () => {
      const timeline = page.locator('#call-call-0001');
      expect(await timeline.isVisible()).toBe(false);
      await page.locator('a.call-link[href="#call-call-0001"]').first().click();
      await expect.poll(() => timeline.isVisible()).toBe(true);
      const box = await timeline.locator('svg.timeline-chart').boundingBox();
      expect(box?.width).toBeGreaterThan(500);
      expect(box?.height).toBeGreaterThan(150);
      expect(await timeline.locator('.turn-latency').count()).toBeGreaterThanOrEqual(1);
      expect(await timeline.locator('.interruption').count()).toBe(1);
      expect(await timeline.locator('.clear').count()).toBe(1);
      expect(await timeline.locator('audio').getAttribute('src')).toBe('recordings/call-0001.wav');
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'report-timeline.png') });
      await page.goto(pathToFileURL(join(runDir, 'report.html')).href + '#summary');
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    });

    test('no request leaves the file, and the page logs no errors', () => {
      expect(offFile).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });
  },
);
