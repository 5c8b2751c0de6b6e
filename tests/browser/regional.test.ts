/**
 * The regional views in the built dashboard, in Chromium, over the synthetic data set: map markers, click to
 * filter, list-mode search, the readiness table's reconciliation and CSV, deliverability following the brush,
 * and screenshots at desktop and phone widths.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { startSiteServer, type SiteServer } from '../support/site-server.ts';
import { buildSyntheticParts, SYNTHETIC_OUTAGE, SYNTHETIC_START, writeSyntheticDataset } from '../support/synthetic-dataset.ts';
import { parseCsv } from '../../shared/csv/csv.ts';
import { rgb, schemeBlues } from 'd3';
import { classesTop, classOf, countClasses } from '../../src/lib/geo/map-classes.ts';
import type { Manifest } from '../../shared/cube/format.ts';

const SCREENSHOTS = 'test-results/screenshots';
const isoHour = (hour: number) => new Date(hour * 3_600_000).toISOString().slice(0, 13) + ':00Z';

describe('regional views in Chromium', () => {
  let browser: Browser;
  let server: SiteServer;
  let dataDir: string;
  let manifest: Manifest;
  const parts = buildSyntheticParts();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tb-regional-site-'));
    manifest = writeSyntheticDataset(dataDir);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    server = await startSiteServer(dataDir);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function open(width: number, height: number, query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height }, acceptDownloads: true });
    await page.goto(server.url + query);
    // A phone opens the map as its list (issue 14): either form of the headquarters means the view is drawn.
    await page.waitForSelector('[data-view="map"] [data-hq], [data-view="map"] [data-city]', { state: 'attached' });
    return page;
  }

  const numberAt = async (page: Page, selector: string): Promise<number> => Number(await page.locator(selector).getAttribute('data-value'));

  /**
   * The readiness table's rows, region and cell values, in order: it only renders the rows near its scroll box,
   * so this scrolls through it, collecting rows by their aria-rowindex.
   */
  const allTableRows = (page: Page): Promise<string[][]> =>
    page.evaluate(async () => {
      const box = document.querySelector('[data-view="readiness"] .scroll')!;
      const rows = new Map<number, string[]>();
      for (let step = 0; step < 1000; step++) {
        for (const r of box.querySelectorAll('tbody tr[data-region]')) {
          rows.set(Number(r.getAttribute('aria-rowindex')), [r.getAttribute('data-region')!, ...[...r.querySelectorAll('td')].map((td) => td.getAttribute('data-value')!)]);
        }
        const before = box.scrollTop;
        box.scrollTop += box.clientHeight / 2;
        if (box.scrollTop === before) break;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }
      return [...rows].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    });

  it('draws every open headquarters without overlapping markers at 1280 px', async () => {
    const page = await open(1280, 900);
    const end = (manifest.hours.last + 1) * 3_600_000 - 1;
    const open_ = parts.headquarters.filter((h) => Date.parse(h.opened) <= end && (h.closed === null || Date.parse(h.closed) > end));
    const ids = await page.locator('[data-view="map"] [data-hq]').evaluateAll((els) => els.map((e) => e.getAttribute('data-hq')));
    expect(ids.sort()).toEqual(open_.map((h) => h.id).sort());
    const circles = await page.locator('[data-view="map"] [data-hq]').evaluateAll((els) =>
      els.map((e) => {
        const b = e.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2, r: b.width / 2 };
      })
    );
    let worst = 0;
    for (let i = 0; i < circles.length; i++)
      for (let j = i + 1; j < circles.length; j++) worst = Math.max(worst, circles[i].r + circles[j].r - Math.hypot(circles[i].x - circles[j].x, circles[i].y - circles[j].y));
    expect(worst).toBeLessThanOrEqual(3);
    await page.close();
  });

  it("shades every region by its class of registrations, the legend's swatches and bounds being those classes", async () => {
    const page = await open(1280, 900);
    const c = parts.registrations.columns;
    const perRegion = new Map<string, number>(parts.regions.map((r) => [r.code, 0]));
    for (let i = 0; i < parts.registrations.rows; i++) {
      const code = parts.regions[c.region[i]].code;
      perRegion.set(code, perRegion.get(code)! + c.registered[i]);
    }
    const classes = countClasses(classesTop(Math.max(...perRegion.values())));
    const fills = await page.locator('[data-view="map"] path[data-region]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-region')!, e.getAttribute('fill')!]));
    expect(fills.length).toBe(perRegion.size);
    for (const [code, fill] of fills) expect([code, fill]).toEqual([code, classOf(classes, perRegion.get(code)!).color]);
    // Counts by region are skewed (by population): the classes still spread them over most shades.
    expect(new Set(fills.map(([, fill]) => fill)).size).toBeGreaterThanOrEqual(4);

    const legend = () =>
      page.locator('[data-view="map"] .legend li').evaluateAll((els) => els.map((e) => [getComputedStyle(e.querySelector('.swatch')!).backgroundColor, e.textContent!.trim()]));
    const shown = await legend();
    expect(shown.map(([color]) => color)).toEqual(classes.map((k) => rgb(k.color).toString()));
    expect(shown[1][1].replace(/\D+/g, ' ').trim()).toBe(`${classes[1].from} ${classes[2].from - 1}`);
    expect(shown.at(-1)![1].replace(/\D+/g, '')).toBe(String(classes.at(-1)!.from));

    await page.locator('[data-view="map"] button[data-measure="share"]').click();
    await expect.poll(async () => (await legend()).map(([, label]) => label)).toEqual(['0–19%', '20–39%', '40–59%', '60–79%', '80–99%', '≥ 100%']);
    expect((await legend()).map(([color]) => color)).toEqual(schemeBlues[6].map((k) => rgb(k).toString()));
    await page.close();
  });

  it('reconciles the sum row with the header totals and an independent sum', async () => {
    const page = await open(1280, 900);
    const c = parts.registrations.columns;
    for (const stage of ['registered', 'phone', 'future'] as const) {
      const independent = c[stage].reduce((s, v) => s + v, 0);
      expect(await numberAt(page, `[data-view="readiness"] [data-row="total"] [data-col="${stage}"]`)).toBe(independent);
      expect(await numberAt(page, `[data-view="kpis"] [data-kpi="${stage}"]`)).toBe(independent);
    }
    await page.close();
  });

  it('filters the table and the series when a region is clicked, and clears on a second click', async () => {
    const page = await open(1280, 900);
    const series = page.locator('[data-view="timeseries"] path.selected').first();
    const before = await series.getAttribute('d');
    const region = page.locator('[data-view="map"] path[data-region="RU-NVS"]');
    await region.dispatchEvent('click');
    // The table is below the fold, and off-screen views follow the filters once scrolled to.
    await page.locator('[data-view="readiness"]').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('[data-view="readiness"] tbody tr[data-region]').length === 1);
    expect(await page.locator('[data-view="readiness"] tbody tr[data-region]').getAttribute('data-region')).toBe('RU-NVS');
    const nvs = parts.regions.findIndex((r) => r.code === 'RU-NVS');
    const c = parts.registrations.columns;
    let expected = 0;
    for (let i = 0; i < parts.registrations.rows; i++) if (c.region[i] === nvs) expected += c.registered[i];
    expect(await numberAt(page, '[data-view="readiness"] [data-row="total"] [data-col="registered"]')).toBe(expected);
    expect(await numberAt(page, '[data-view="kpis"] [data-kpi="registered"]')).toBe(expected);
    expect(await series.getAttribute('d')).not.toBe(before);
    await region.dispatchEvent('click');
    await page.waitForFunction(() => document.querySelectorAll('[data-view="readiness"] tbody tr[data-region]').length > 1);
    expect(await series.getAttribute('d')).toBe(before);
    await page.close();
  });

  it('updates an off-screen view when it is scrolled into view, not before', async () => {
    const page = await open(1280, 700);
    const total = '[data-view="readiness"] [data-row="total"] [data-col="registered"]';
    const lifetime = await numberAt(page, total);
    const from = manifest.hours.first + 24;
    const to = from + 72;
    await page.evaluate(([a, b]) => (window as unknown as { __tallyboard: { engine: { setFilters(f: object): void } } }).__tallyboard.engine.setFilters({ hours: [a, b] }), [from, to]);
    const c = parts.registrations.columns;
    let expected = 0;
    for (let i = 0; i < parts.registrations.rows; i++) if (c.hour[i] >= from && c.hour[i] < to) expected += c.registered[i];
    await page.waitForFunction((n) => Number(document.querySelector('[data-view="kpis"] [data-kpi="registered"]')?.getAttribute('data-value')) === n, expected);
    expect(expected).toBeLessThan(lifetime);
    expect(await numberAt(page, total)).toBe(lifetime);
    await page.locator('[data-view="readiness"]').scrollIntoViewIfNeeded();
    await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-value')) === n, [total, expected] as const);
    expect(await numberAt(page, total)).toBe(expected);
    await page.close();
  });

  it('finds a city typed with a typo in list mode', async () => {
    const page = await open(1280, 900);
    await page.locator('[data-view="map"] button[data-mode="list"]').click();
    await page.locator('[data-view="map"] input[type="search"]').fill('Новосибрск');
    await expect(page.locator('[data-view="map"] li[data-city]').first().getAttribute('data-city')).resolves.toBe('Новосибирск');
    await page.close();
  });

  it('exports the rows the table shows as CSV', async () => {
    const page = await open(1280, 900);
    await page.locator('[data-view="readiness"] input[type="text"]').fill('обл');
    const shown = await allTableRows(page);
    expect(shown.length).toBeGreaterThan(30);
    expect(shown.length).toBe(Number(await page.locator('[data-view="readiness"] table').getAttribute('aria-rowcount')) - 2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-csv"]').click()]);
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));
    // The same code column header as the report's readiness.csv.
    expect(csv[0][0]).toBe('Region code');
    const body = csv.slice(1, -1);
    expect(body.map((r) => r[0])).toEqual(shown.map((r) => r[0]));
    const registeredCol = csv[0].indexOf('Registered');
    const availableCol = csv[0].indexOf('Available');
    // Table cells (after the name) are Registered, Phone, Future, Available, …
    expect(body.map((r) => Number(r[registeredCol]))).toEqual(shown.map((r) => Number(r[1])));
    expect(body.map((r) => Number(r[availableCol]))).toEqual(shown.map((r) => Number(r[4])));
    expect(csv.at(-1)![0]).toBe('TOTAL');
    await page.close();
  });

  it('follows the time brush in deliverability and shades the outage', async () => {
    const outageFrom = SYNTHETIC_START / 3_600_000 + SYNTHETIC_OUTAGE.fromHourOffset;
    const around = `?from=${isoHour(outageFrom - 48)}&to=${isoHour(outageFrom + 48)}`;
    const page = await open(1280, 900, around);
    await expect(page.locator('[data-view="delivery"] .sub').textContent()).resolves.toContain('hourly');
    expect(await page.locator(`[data-view="delivery"] [data-outage="sms/${SYNTHETIC_OUTAGE.gateway}"]`).count()).toBe(1);
    await page.close();
    const before = await open(1280, 900, `?from=${isoHour(outageFrom - 240)}&to=${isoHour(outageFrom - 1)}`);
    expect(await before.locator('[data-view="delivery"] [data-outage]').count()).toBe(0);
    await before.close();
  });

  it("opens a region's own view from the map, bookmarkable, with numbers equal to an independent sum", async () => {
    const page = await open(1280, 900);
    // Off-screen views follow the filters once scrolled to.
    await page.locator('[data-view="map"]').scrollIntoViewIfNeeded();
    await page.locator('[data-view="map"] path[data-region="RU-NVS"]').dispatchEvent('click');
    await page.locator('[data-view="map"] a[data-focus-link="RU-NVS"]').click();
    const view = page.locator('[data-view="region-focus"][data-region="RU-NVS"]');
    await view.waitFor();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('focus') === 'RU-NVS');
    const bookmark = page.url();
    await page.close();

    const again = await open(1280, 900, bookmark.slice(server.url.length));
    const focus = again.locator('[data-view="region-focus"]');
    await focus.waitFor();
    const nvs = parts.regions.findIndex((r) => r.code === 'RU-NVS');
    const c = parts.registrations.columns;
    const reach = new Set(['city', 'near'].map((d) => manifest.dimensions.distance.indexOf(d)));
    let registered = 0;
    let available = 0;
    for (let i = 0; i < parts.registrations.rows; i++) {
      if (c.region[i] !== nvs) continue;
      registered += c.registered[i];
      if (reach.has(c.distance[i])) available += c.future[i];
    }
    const at = (key: string, attr = 'data-value') => focus.locator(`[data-focus="${key}"]`).getAttribute(attr).then(Number);
    expect(await at('registered')).toBe(registered);
    expect(await at('progress')).toBe(available);
    expect(await at('progress', 'data-cap')).toBe(parts.regions[nvs].cap);
    expect(await at('unresolved')).toBe(parts.regions[nvs].unresolved!.rows);
    expect(await at('unresolved', 'data-spellings')).toBe(parts.regions[nvs].unresolved!.spellings);
    const rank = await at('rank');
    expect(rank).toBeGreaterThanOrEqual(1);
    expect(rank).toBeLessThanOrEqual(parts.regions.length);
    expect(await focus.locator('[data-focus="events"] li[data-event]').count()).toBe(parts.events.filter((e) => e.regionCode === 'RU-NVS').length);
    await focus.screenshot({ path: `${SCREENSHOTS}/region-focus-desktop.png` });
    await again.locator('[data-action="close-focus"]').click();
    await again.waitForFunction(() => !new URLSearchParams(location.search).has('focus'));
    expect(await again.locator('[data-view="region-focus"]').count()).toBe(0);
    await again.close();
  });

  it('takes screenshots of each view at desktop and phone widths', async () => {
    for (const [label, w, h] of [['desktop', 1280, 900], ['phone', 375, 812]] as const) {
      const page = await open(w, h);
      for (const view of ['map', 'readiness', 'delivery']) {
        const box = await page.locator(`[data-view="${view}"]`).boundingBox();
        expect(box!.width).toBeLessThanOrEqual(w);
        await page.locator(`[data-view="${view}"]`).screenshot({ path: `${SCREENSHOTS}/${view}-${label}.png` });
      }
      await page.close();
    }
  });
});
