/**
 * A load run's report.html in a real browser: a short real load run against a fixture agent on
 * 127.0.0.1 (one scenario passes, one times out), its page opened from file:// in Debian's
 * headless chromium through playwright-core. Checks that the latency and load charts render with
 * a size, that the page says its calls are sampled and have no timelines, and that no request
 * leaves the file. Saves test-artifacts/load-report.png.
 *
 * Skips (saying why) only where no browser can be had, as test/report-browser.test.ts does.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { startTimedAgent, type TimedAgent } from './fixtures/timed-agent.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from './helpers.ts';

const scenario = (name: string, say: string): string => `name: ${name}
caller: { voice: kal, line_noise_dbfs: -60 }
reply: { end_silence_ms: 500 }
turns:
  - say: ${say}
  - hangup
`;

let kit: Kit;
let agent: TimedAgent;
let outDir: string;
let context: BrowserContext;
let page: Page;
let offFile: string[] = [];
let consoleErrors: string[] = [];

describe.skipIf(browserMissing !== null)(
  `a load run's report.html in headless chromium${browserMissing ? ` — skipped: ${browserMissing}` : ''}`,
  () => {
    beforeAll(async () => {
      kit = await makeKit();
      agent = await startTimedAgent({
        delivery: 'burst',
        replyDelayMs: 400,
        reply: await kit.speech('okay'),
      });
      const dir = await mkdtemp(join(tmpdir(), 'callbench-load-browser-'));
      await writeFile(join(dir, 'hello.yaml'), scenario('hello', '"hello there"'));
      await writeFile(
        join(dir, 'impatient.yaml'),
        scenario('impatient', '{ text: "hello", timeout_ms: 200 }'),
      );
      outDir = join(dir, 'out');
      const io = fakeIo();
      const code = await runCli(
        [
          'load',
          dir,
          '-a',
          agent.url,
          '--vus',
          '3',
          '--duration',
          '3s',
          '--seed',
          '3',
          '--stats-interval',
          '1s',
          '--tts-cache',
          TEST_TTS_CACHE,
          '-t',
          'turn_latency_ms=p(95)<5000',
          '-t',
          'call_failure_rate=rate<0.01',
          '-o',
          outDir,
        ],
        io,
      );
      expect(io.err).toBe('');
      expect(code).toBe(1); // the failure-rate threshold breaks: the impatient calls fail

      ({ context, page, offFile, consoleErrors } = await openReport(join(outDir, 'report.html')));
    }, 90_000);

    afterAll(async () => {
      await context?.close();
      await agent?.close();
      await kit?.close();
    });

    test('the latency and load charts render at a visible size, with percentile markers', async () => {
      await expectChartsVisible(page, [
        'svg.latency-histogram',
        'svg.latency-cdf',
        'svg.load-over-time',
        'svg.latency-over-time',
        'svg.failures-over-time',
      ]);
      expect(await page.locator('svg.latency-cdf .percentile-marker').count()).toBe(4);
      expect(await page.locator('svg.latency-histogram rect').count()).toBeGreaterThan(0);
      expect(await page.locator('.verdict').textContent()).toBe('FAILED');
      expect(await page.locator('table.thresholds tr.bad').count()).toBe(1);
      expect(await page.locator('table.failure-reasons').textContent()).toContain(
        'no reply from the agent',
      );
      expect(await page.locator('#calls').textContent()).toMatch(
        /Summarized[\s\S]*No per-call timelines/,
      );
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'load-report.png'), fullPage: true });
    });

    test('no request leaves the file, and the page logs no errors', () => {
      expect(offFile).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });
  },
);
