/**
 * The cities view and the headquarters planner in Chromium over a demo campaign built by the real pipeline:
 * cities.arrow stays off the first load, arrives when the panel is scrolled into sight, and a what-if plan
 * updates the totals at once, lives in the URL and comes back from it; the SQL page reads the pipeline's file.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { buildDemo } from '../support/demo-build.ts';
import { startSiteServer, type SiteServer } from '../support/site-server.ts';
import { query } from '../support/sql-page.ts';
import { decodeCityTable } from '../../shared/cube/city-table.ts';

const SCREENSHOTS = 'test-results/screenshots';

describe('cities and headquarters planner in Chromium', () => {
  let browser: Browser;
  let server: SiteServer;
  let dir: string;
  let cityBytes: Uint8Array;

  beforeAll(async () => {
    const demo = await buildDemo('cities-site', 20_000);
    dir = demo.dir;
    const built = demo.result;
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    server = await startSiteServer(built.outDir);
    cityBytes = readFileSync(join(built.outDir, 'cities.arrow'));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(query = ''): Promise<{ page: Page; fetched: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(server.url + query);
    await page.waitForFunction(() => (globalThis as { __tallyboard?: { ready: boolean } }).__tallyboard?.ready === true);
    return { page, fetched };
  }

  const total = async (page: Page, key: string): Promise<string> => (await page.locator(`[data-view="planner"] [data-total="${key}"]`).textContent()) ?? '';

  it('keeps cities.arrow off the first load and fetches it when the panel comes into sight', async () => {
    const { page, fetched } = await open();
    await page.waitForSelector('[data-view="cities-panel"]', { state: 'attached' });
    await page.waitForTimeout(1000);
    expect(fetched.some((p) => p.endsWith('/cities.arrow'))).toBe(false);
    await page.locator('[data-view="cities-panel"]').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-view="cities"] tbody tr[data-city]');
    expect(fetched.some((p) => p.endsWith('/cities.arrow'))).toBe(true);
    expect(await page.locator('[data-view="cities"] tbody tr[data-city]').count()).toBeGreaterThan(5);
    await page.close();
  });

  it('applies a what-if office at once, in the URL, and restores it from the URL', async () => {
    const { page } = await open();
    await page.locator('[data-view="cities-panel"]').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-view="planner"] [data-candidate]');
    const before = await total(page, 'capped');
    const first = page.locator('[data-view="planner"] [data-candidate]').first();
    const cityId = await first.getAttribute('data-candidate');
    await first.locator('[data-action="open-hq"]').click();
    await page.waitForSelector(`[data-view="planner"] [data-planned="${cityId}"]`);
    expect(await total(page, 'capped')).not.toBe(before);
    const ms = Number(await page.locator('[data-view="planner"] [data-recompute-ms]').getAttribute('data-recompute-ms'));
    process.stdout.write(`planner what-if in Chromium: ${ms} ms\n`);
    await page.waitForFunction((id) => location.search.includes(`hq-open=${id}`), cityId);
    await page.locator('[data-view="planner"]').screenshot({ path: join(SCREENSHOTS, 'planner-1280.png') });
    const url = new URL(page.url());
    await page.close();

    const again = await open(url.search);
    await again.page.locator('[data-view="cities-panel"]').scrollIntoViewIfNeeded();
    await again.page.waitForSelector(`[data-view="planner"] [data-planned="${cityId}"]`);
    await again.page.close();
  });

  it('answers SQL over the cities table the pipeline wrote, on /explore', async () => {
    const table = decodeCityTable(cityBytes);
    const expected = table.counts.future.reduce((a, b) => a + b, 0);
    const page = await browser.newPage();
    await page.goto(`${server.url}explore/`);
    const result = await query(page, 'SELECT count(DISTINCT city_id), sum(future), min(registered), min(day) IS NOT NULL FROM cities');
    expect(result.error).toBeNull();
    expect(result.cells[0].slice(0, 2).map(Number)).toEqual([table.cities.length, expected]);
    expect(Number(result.cells[0][2])).toBeGreaterThanOrEqual(5);
    await page.close();
  });
});
