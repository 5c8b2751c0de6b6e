/** The HTML report at phone width in Chromium: one column, nothing wider than the screen, charts loaded. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildReport, readPublished } from '../../data-pipeline/report/build-report.ts';
import { writeReportFiles } from '../../data-pipeline/report/write-files.ts';
import { launchChromium } from '../support/chromium.ts';
import { writeSyntheticDataset } from '../support/synthetic-dataset.ts';

let dir: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tallyboard-report-phone-'));
  writeSyntheticDataset(join(dir, 'data'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('reads on a 375 px phone: headline first, no horizontal scrolling, both charts shown', async () => {
  const report = buildReport(await readPublished(join(dir, 'data')), { date: '2017-12-20' });
  writeReportFiles(join(dir, 'out'), report);
  const page = await browser.newPage({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 });
  await page.goto(pathToFileURL(join(dir, 'out', 'report.html')).href);
  const layout = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    images: [...document.images].map((i) => ({ loaded: i.complete && i.naturalWidth > 0, width: i.getBoundingClientRect().width })),
    firstCardTop: (document.querySelector('h1')?.nextElementSibling as HTMLElement | null)?.getBoundingClientRect().top ?? Infinity
  }));
  expect(layout.scrollWidth).toBeLessThanOrEqual(375);
  expect(layout.images).toHaveLength(2);
  for (const img of layout.images) {
    expect(img.loaded).toBe(true);
    expect(img.width).toBeLessThanOrEqual(375);
  }
  // The first figure starts on the first screen.
  expect(layout.firstCardTop).toBeLessThan(200);
  const shot = resolve('test-results/screenshots/report-phone.png');
  mkdirSync(resolve('test-results/screenshots'), { recursive: true });
  await page.screenshot({ path: shot, fullPage: true });
  await page.close();
});
