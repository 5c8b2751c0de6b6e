/**
 * A dashboard left open while the campaign moves on: the page, opened with `?refresh=2` and a region filter and
 * scrolled down, shows the new totals once the data folder is rewritten by a newer publish — without a reload,
 * with its filters, its URL and its scroll position kept — and says how fresh the data is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDataset } from '../../data-pipeline/export/write-dataset.ts';
import { launchChromium } from '../support/chromium.ts';
import { partsUntil } from '../support/dataset-until.ts';
import { startSiteServer, type SiteServer } from '../support/site-server.ts';
import { buildSyntheticParts, SYNTHETIC_START } from '../support/synthetic-dataset.ts';

const parts = buildSyntheticParts();
const startHour = SYNTHETIC_START / 3_600_000;
const cutHour = startHour + 30 * 24;
/** The brush: from day 25 to day 40, across the cut. */
const brush: [number, number] = [startHour + 25 * 24, startHour + 40 * 24];
const isoHour = (hour: number): string => new Date(hour * 3_600_000).toISOString().slice(0, 13) + ':00Z';
// The campaign asks for a check every minute and calls data stale after 5: `?refresh=2` must win over the first.
const campaign = { ...parts.campaign, dashboard: { refreshSeconds: 60, staleAfterMinutes: 5 } };

/** Registrations in Moscow under the brush, as the KPI shows them with both filters. */
function moscow(p: typeof parts): number {
  const r = p.dimensions.region.indexOf('RU-MOW');
  const { region, registered, hour } = p.registrations.columns;
  let sum = 0;
  for (let i = 0; i < p.registrations.rows; i++) if (region[i] === r && hour[i] >= brush[0] && hour[i] < brush[1]) sum += registered[i];
  return sum;
}

describe('dashboard refreshes itself', () => {
  let browser: Browser;
  let dataDir: string;
  let server: SiteServer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tb-live-data-'));
    writeDataset(dataDir, { ...partsUntil(parts, cutHour, new Date(Date.now() - 10 * 60_000).toISOString()), campaign });
    server = await startSiteServer(dataDir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a new publish within a refresh period, keeping filters, URL and scroll', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
    await page.goto(`${server.url}?refresh=2&region=RU-MOW&from=${isoHour(brush[0])}&to=${isoHour(brush[1])}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    // The brush ends mid-day: its figure is the hourly cube's, which follows the first paint from days.
    await page.waitForFunction(() => (window as unknown as { __tallyboard: { hourly: boolean } }).__tallyboard.hourly, null, { timeout: 30_000 });
    const kpi = page.locator('[data-view="kpis"] [data-kpi="registered"]');
    const before = moscow(partsUntil(parts, cutHour, ''));
    expect(await kpi.getAttribute('data-value')).toBe(String(before));
    expect(await page.locator('[data-freshness]').textContent()).toContain('updated 10 minutes ago');
    expect(await page.locator('[data-freshness]').getAttribute('data-freshness')).toBe('stale');
    await page.evaluate(() => {
      window.scrollTo(0, 300);
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const scrollY = await page.evaluate(() => window.scrollY);
    expect(scrollY).toBeGreaterThan(0);

    writeDataset(dataDir, { ...parts, campaign, generatedAt: new Date().toISOString() });
    const after = moscow(parts);
    expect(after).toBeGreaterThan(before);
    await page.waitForFunction((v) => document.querySelector('[data-view="kpis"] [data-kpi="registered"]')?.getAttribute('data-value') === v, String(after), { timeout: 20_000 });

    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollY);
    const params = new URL(page.url()).searchParams;
    expect([params.get('region'), params.get('from'), params.get('to'), params.get('refresh')]).toEqual(['RU-MOW', isoHour(brush[0]), isoHour(brush[1]), '2']);
    expect(await page.locator('[data-freshness]').textContent()).toContain('updated this minute');
    expect(await page.locator('[data-freshness]').getAttribute('data-freshness')).toBe('fresh');
    await page.close();
  }, 90_000);
});
