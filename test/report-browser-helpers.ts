/**
 * Opening a generated report.html in Debian's chromium through playwright-core (which never
 * downloads a browser), recording every request that leaves the file and every console error.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
/** Without the background-networking flags chromium's own connections are refused by the closed network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const ARTIFACTS = resolve('test-artifacts');
/** Why the browser tests skip, or null when a browser is there. */
export const browserMissing = existsSync(CHROMIUM)
  ? null
  : `${CHROMIUM} not found (install Debian's chromium: apt-get install -y chromium; .ci/run does)`;

export interface OpenedReport {
  context: BrowserContext;
  page: Page;
  /** Requests to anything but file: URLs (blocked): a self-contained report makes none. */
  offFile: string[];
  consoleErrors: string[];
}

export async function openReport(htmlPath: string): Promise<OpenedReport> {
  const context = await chromium.launchPersistentContext(
    await mkdtemp(join(tmpdir(), 'callbench-chromium-')),
    {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    },
  );
  const page = await context.newPage();
  const offFile: string[] = [];
  const consoleErrors: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    offFile.push(url);
    return route.abort();
  });
  page.on('request', (r) => void (r.url().startsWith('file:') || offFile.push(r.url())));
  page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
  await page.goto(pathToFileURL(htmlPath).href);
  return { context, page, offFile, consoleErrors };
}

/** Each chart is drawn at a visible size (a chart that failed to render collapses to nothing). */
export async function expectChartsVisible(page: Page, selectors: readonly string[]): Promise<void> {
  for (const selector of selectors) {
    const box = await page.locator(selector).boundingBox();
    expect(box, selector).not.toBeNull();
    expect(box?.width, selector).toBeGreaterThan(200);
    expect(box?.height, selector).toBeGreaterThan(100);
  }
}
