/**
 * The dashboard, built and driven in Chromium against the synthetic data set. Every expected number is summed
 * here from the generator's own tables, not read from the engine, so the page is checked against the data.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { STAGES, type Manifest } from '../../shared/cube/format.ts';
import { DAILY_CUBE_PATH } from '../../shared/cube/day-rollup.ts';
import { localDaysOf } from '../../shared/time/local-days.ts';
import { launchChromium } from '../support/chromium.ts';
import { SITE_DIR, startSiteServer, type SiteServer } from '../support/site-server.ts';
import { EARLY_FETCH_MARK } from '../../src/lib/data/early-fetch.ts';
import { buildSyntheticParts, writeSyntheticDataset, SYNTHETIC_PEAK_DAY, SYNTHETIC_START } from '../support/synthetic-dataset.ts';

const parts = buildSyntheticParts();
const reg = parts.registrations.columns;
const dims = parts.dimensions;
const SCREENSHOTS = 'test-results/screenshots';

interface Filter {
  hours?: [number, number];
  regions?: string[];
  sources?: string[];
}

/** Stage totals of the cube rows under `filter`, grouped by `key` (one group "all" by default). */
function sums(filter: Filter, key: (i: number) => string = () => 'all'): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (let i = 0; i < parts.registrations.rows; i++) {
    if (filter.hours && (reg.hour[i] < filter.hours[0] || reg.hour[i] >= filter.hours[1])) continue;
    if (filter.regions && !filter.regions.includes(dims.region[reg.region[i]])) continue;
    if (filter.sources && !filter.sources.includes(dims.source[reg.source[i]])) continue;
    const k = key(i);
    const acc = out.get(k) ?? Object.fromEntries(STAGES.map((s) => [s, 0]));
    for (const s of STAGES) acc[s] += reg[s][i];
    out.set(k, acc);
  }
  return out;
}
const byRegion = (f: Filter) => sums(f, (i) => dims.region[reg.region[i]]);
const bySource = (f: Filter) => sums(f, (i) => dims.source[reg.source[i]]);
const byDistance = (f: Filter) => sums(f, (i) => dims.distance[reg.distance[i]]);

const hourOfIso = (iso: string) => Date.parse(iso) / 3_600_000;

/** The page is interactive and shows the hourly cube (it first paints from the daily roll-up, then swaps hours in). */
async function ready(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.waitForFunction(() => (window as unknown as { __tallyboard: { hourly: boolean } }).__tallyboard.hourly, null, { timeout: 30_000 });
}

interface Handle {
  __tallyboard: {
    hourly: boolean;
    readyAt: number;
    hourlyAt: number | null;
    dataset: { manifest: Manifest; registrations: { rows: number } };
    engine: { setFilters(p: object): void; getFilters(): { hours: [number, number] | null; sources: string[] } };
  };
}

async function settled(page: Page) {
  await page.evaluate(() => (window as unknown as { __tallyboard: { settled(): Promise<void> } }).__tallyboard.settled());
}

/**
 * A screenshot of the whole page at `width`, taken with a viewport as tall as the page: the panels below the fold
 * are painted only near the viewport (content-visibility: auto), so a full-page capture of a shorter one leaves
 * them blank. Waits until every regional view has drawn its chart.
 */
async function wholePage(page: Page, width: number, path: string) {
  await page.setViewportSize({ width, height: 900 });
  await page.waitForSelector('[data-view="delivery"] svg', { timeout: 30_000 });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height });
  await page.waitForFunction(() => document.querySelectorAll('[data-view="map"] svg path, [data-view="delivery"] svg path').length > 0);
  await settled(page);
  await page.screenshot({ path, fullPage: true });
}

/** The URL follows filter changes after a short delay; wait until it says `expected`. */
async function urlHas(page: Page, expected: string) {
  await page.waitForFunction((q) => location.search.includes(q), expected);
}

async function hoursFromUrl(page: Page): Promise<[number, number] | null> {
  await urlHas(page, 'to=');
  const params = new URL(page.url()).searchParams;
  const from = params.get('from');
  const to = params.get('to');
  return from && to ? [hourOfIso(from), hourOfIso(to)] : null;
}

async function kpis(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-view="kpis"] [data-kpi]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-kpi'), Number(e.getAttribute('data-value'))])));
}

async function bars(page: Page, view: string): Promise<Record<string, number>> {
  return page.$$eval(`[data-view="${view}"] [data-key]`, (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-key'), Number(e.getAttribute('data-value'))])));
}

/** Every view's numbers match the reference sums for `filter` (each breakdown without its own dimension's filter). */
async function expectViews(page: Page, filter: Filter) {
  const total = sums(filter).get('all')!;
  const k = await kpis(page);
  for (const s of ['registered', 'phone', 'email', 'future']) expect(k[s], `KPI ${s}`).toBe(total[s]);
  const regions = byRegion({ ...filter, regions: undefined });
  for (const [code, value] of Object.entries(await bars(page, 'regions'))) expect(value, `region ${code}`).toBe(regions.get(code)?.registered ?? 0);
  const sources = bySource({ ...filter, sources: undefined });
  for (const [code, value] of Object.entries(await bars(page, 'sources'))) expect(value, `source ${code}`).toBe(sources.get(code)?.registered ?? 0);
  const distance = byDistance(filter);
  for (const [code, value] of Object.entries(await bars(page, 'distance'))) expect(value, `distance ${code}`).toBe(distance.get(code)?.registered ?? 0);
  const stages = await bars(page, 'stages');
  for (const s of STAGES) expect(stages[s], `stage ${s}`).toBe(total[s]);
}

describe('dashboard in Chromium', () => {
  let browser: Browser;
  let dataDir: string;
  let corruptDir: string;
  let otherVersionDir: string;
  let badDeliveriesDir: string;
  let oldDir: string;
  let server: SiteServer;
  let old: SiteServer;
  let missing: SiteServer;
  let corrupt: SiteServer;
  let otherVersion: SiteServer;
  let badDeliveries: SiteServer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tb-dash-data-'));
    writeSyntheticDataset(dataDir);
    /** A copy of the good data set with one file changed by `edit`. */
    const variant = (name: string, file: string, edit: (bytes: Buffer) => Buffer | string): string => {
      const dir = mkdtempSync(join(tmpdir(), `tb-dash-${name}-`));
      for (const f of readdirSync(dataDir)) copyFileSync(join(dataDir, f), join(dir, f));
      writeFileSync(join(dir, file), edit(readFileSync(join(dir, file))));
      return dir;
    };
    const flipMiddleByte = (bytes: Buffer) => {
      bytes[bytes.length >> 1] ^= 0xff;
      return bytes;
    };
    // The first paint reads the daily roll-up: damaged, the page has nothing to show and says so.
    corruptDir = variant('corrupt', DAILY_CUBE_PATH, flipMiddleByte);
    // A data set published before the daily roll-up existed: no manifest entry, no file.
    oldDir = variant('old', 'manifest.json', (bytes) => {
      const manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
      delete manifest.files.registrationsDaily;
      return JSON.stringify(manifest);
    });
    rmSync(join(oldDir, DAILY_CUBE_PATH));
    otherVersionDir = variant('version', 'manifest.json', (bytes) => {
      const manifest = JSON.parse(bytes.toString('utf8')) as { version: number };
      return JSON.stringify({ ...manifest, version: manifest.version + 1 });
    });
    badDeliveriesDir = variant('deliveries', 'deliveries.tbc', flipMiddleByte);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    [server, old, missing, corrupt, otherVersion, badDeliveries] = await Promise.all([
      startSiteServer(dataDir),
      startSiteServer(oldDir),
      startSiteServer(null),
      startSiteServer(corruptDir),
      startSiteServer(otherVersionDir),
      startSiteServer(badDeliveriesDir)
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.close(), old?.close(), missing?.close(), corrupt?.close(), otherVersion?.close(), badDeliveries?.close()]);
    for (const dir of [dataDir, oldDir, corruptDir, otherVersionDir, badDeliveriesDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows lifetime numbers on load, says nothing in the console, and screenshots desktop and phone', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Nothing thrown, no error or warning: the built site as it ships (tests/browser/global-setup.ts).
    const said: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') said.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => said.push(`thrown: ${e.message}`));
    await ready(page, server.url);
    await expectViews(page, {});
    expect(said).toEqual([]);
    await wholePage(page, 1280, `${SCREENSHOTS}/dashboard-desktop.png`);
    await wholePage(page, 375, `${SCREENSHOTS}/dashboard-phone.png`);
    await page.close();
  });

  it('has the head script written into the built dashboard once, before its stylesheets and its own code, and into no other page', () => {
    const page = readFileSync(join(SITE_DIR, 'index.html'), 'utf8');
    expect(page.split('function startEarlyFetch').length - 1).toBe(1);
    expect(page).not.toContain(EARLY_FETCH_MARK);
    // Where app.html marks it: after the head's preloads, before the stylesheets (a script after one waits for
    // it to load) and before the body runs the app.
    expect(page.indexOf('startEarlyFetch')).toBeGreaterThan(page.lastIndexOf('rel="preload"'));
    expect(page.indexOf('rel="stylesheet"')).toBeGreaterThan(0);
    expect(page.indexOf('startEarlyFetch')).toBeLessThan(page.indexOf('rel="stylesheet"'));
    expect(page.indexOf('startEarlyFetch')).toBeLessThan(page.indexOf('<body'));
    const explore = readFileSync(join(SITE_DIR, 'explore', 'index.html'), 'utf8');
    expect(explore).not.toContain('startEarlyFetch');
    expect(explore).not.toContain(EARLY_FETCH_MARK);
  });

  it('brushing the series filters every linked view to the brushed hours', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await ready(page, server.url);
    const box = (await page.locator('[data-brush]').boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.up();
    await settled(page);
    // The page's filter, then the URL once it has caught up with the end of the drag.
    const hours = await page.evaluate(() => (window as unknown as { __tallyboard: { engine: { getFilters(): { hours: [number, number] | null } } } }).__tallyboard.engine.getFilters().hours);
    expect(hours).not.toBeNull();
    const iso = (h: number) => new Date(h * 3_600_000).toISOString().slice(0, 13) + ':00Z';
    await urlHas(page, `from=${iso(hours![0])}&to=${iso(hours![1])}`);
    const span = parts.registrations.columns.hour;
    const first = Math.min(...span);
    // 30%–50% of a 45-day chart: about 9 days starting near day 13.
    expect(hours![0]).toBeGreaterThan(first + 10 * 24);
    expect(hours![1] - hours![0]).toBeGreaterThan(7 * 24);
    expect(hours![1] - hours![0]).toBeLessThan(11 * 24);
    await expectViews(page, { hours: hours! });
    const k = await kpis(page);
    expect(k.registered).toBeLessThan(sums({}).get('all')!.registered);
    // One drag is one history entry: back returns to the whole campaign.
    await page.goBack();
    await page.waitForFunction(() => !location.search);
    await settled(page);
    await expectViews(page, {});
    await page.close();
  });

  it('clicking an event zooms to it and brushes the hours after it, and its peak is explained', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await ready(page, server.url);
    const videoHour = SYNTHETIC_START / 3_600_000 + SYNTHETIC_PEAK_DAY * 24 + 15;
    // Peaks are found once the page has painted, after it became interactive.
    await page.waitForSelector('[data-view="events"] [data-cause="ev-video"]');
    await expect(page.locator('[data-view="events"] [data-cause="ev-video"]').count()).resolves.toBe(1);
    await page.click('[data-view="events"] button[data-event="ev-video"]');
    await settled(page);
    expect(await hoursFromUrl(page)).toEqual([videoHour - 6, videoHour + 48]);
    await expectViews(page, { hours: [videoHour - 6, videoHour + 48] });
    await expect(page.locator('[data-view="timeseries"] .legend').textContent()).resolves.toContain('per hour');
    const selection = (await page.locator('[data-view="timeseries"] .selection').boundingBox())!;
    const overlay = (await page.locator('[data-brush]').boundingBox())!;
    // The visible window is 72 h before to 120 h after the event: the brush covers 54 of its 192 hours.
    expect(selection.width / overlay.width).toBeCloseTo(54 / 192, 1);
    expect((selection.x - overlay.x) / overlay.width).toBeCloseTo(66 / 192, 1);
    await page.close();
  });

  it('a shared URL opens with its filters, a bar click filters, and back restores', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const hours: [number, number] = [hourOfIso('2017-12-01T00:00Z'), hourOfIso('2017-12-15T12:00Z')];
    await ready(page, `${server.url}?region=RU-MOW&from=2017-12-01T00:00Z&to=2017-12-15T12:00Z`);
    await expectViews(page, { hours, regions: ['RU-MOW'] });
    await expect(page.locator('[data-view="regions"] [data-key="RU-MOW"]').getAttribute('aria-pressed')).resolves.toBe('true');
    await page.click('[data-view="sources"] [data-key="partner"]');
    await settled(page);
    await urlHas(page, 'source=partner');
    await expectViews(page, { hours, regions: ['RU-MOW'], sources: ['partner'] });
    await page.click('[data-view="stages"] [data-key="phone"]');
    await settled(page);
    await urlHas(page, 'stage=phone');
    const regions = await bars(page, 'regions');
    expect(regions['RU-SPE']).toBe(byRegion({ hours, sources: ['partner'] }).get('RU-SPE')!.phone);
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes('stage='));
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes('source='));
    await settled(page);
    await expectViews(page, { hours, regions: ['RU-MOW'] });
    await page.click('[data-reset]');
    await settled(page);
    await expectViews(page, {});
    await page.waitForFunction(() => location.search === '');
    await page.close();
  });

  it('shows how much of the data has arrived while it downloads', async () => {
    const slow = await startSiteServer(dataDir, { stall: DAILY_CUBE_PATH });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(slow.url);
      const size = statSync(join(dataDir, DAILY_CUBE_PATH)).size;
      // Half the cube is in: the page says so, in the loading status, with a progress bar.
      await page.waitForFunction(() => Number(document.querySelector('.loading progress')?.getAttribute('value')) > 0.2);
      const text = await page.locator('[role="status"] [data-download]').textContent();
      const [, loaded, total, unit] = /^([\d.]+) of ([\d.]+) (kB|MB)$/.exec(text ?? '') ?? [];
      const bytes = (n: string) => Number(n) * (unit === 'MB' ? 1e6 : 1e3);
      // The first half of the cube and the small files: more than half the cube, less than everything.
      expect(bytes(loaded)).toBeGreaterThan(size * 0.45);
      expect(bytes(loaded)).toBeLessThan(bytes(total));
      expect(bytes(total)).toBeGreaterThan(size * 0.95);
      expect(await page.locator('body[data-ready="true"]').count()).toBe(0);
      await page.screenshot({ path: `${SCREENSHOTS}/loading-desktop.png` });
      slow.release();
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      await expectViews(page, {});
    } finally {
      await page.close();
      await slow.close();
    }
  });

  it('fetches each file of the first paint once, the requests the head made, and the regional files only after', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: Array<{ file: string; at: number }> = [];
    // Epoch milliseconds, the clock of performance.timeOrigin.
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/data/')) requests.push({ file: path.slice('/data/'.length), at: Date.now() });
    });
    try {
      await page.goto(server.url);
      await page.waitForSelector('[data-view="delivery"]', { state: 'attached', timeout: 30_000 });
      const readyAt = await page.evaluate(() => performance.timeOrigin + (window as unknown as { __tallyboard: { readyAt: number } }).__tallyboard.readyAt);
      const count = (file: string) => requests.filter((r) => r.file === file).length;
      // The head's script requested them; a second request would mean the app fetched again instead of taking them.
      for (const file of ['manifest.json', DAILY_CUBE_PATH, 'regions.json', 'headquarters.json', 'events.json']) expect(count(file)).toBe(1);
      expect(await page.evaluate(() => '__tallyboardEarly' in window)).toBe(false);
      // The hourly cube follows the first paint, then the regional views' files.
      for (const file of ['registrations.tbc', 'deliveries.tbc', 'shapes.json']) {
        expect(count(file)).toBe(1);
        expect(requests.find((r) => r.file === file)!.at).toBeGreaterThanOrEqual(readyAt);
      }
    } finally {
      await page.close();
    }
  });

  it('becomes interactive from the daily roll-up, filters whole days exactly, then shows hours with the filters kept', async () => {
    // The hourly cube held back halfway: the page must become interactive without it.
    const slow = await startSiteServer(dataDir, { stall: 'registrations.tbc' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(slow.url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      const first = await page.evaluate(() => {
        const tb = (window as unknown as Handle).__tallyboard;
        return { hourly: tb.hourly, rows: tb.dataset.registrations.rows, daily: tb.dataset.manifest.files.registrationsDaily };
      });
      expect(first.hourly).toBe(false);
      expect(first.daily?.path).toBe(DAILY_CUBE_PATH);
      expect(first.rows).toBe(first.daily?.rows);
      expect(first.rows).toBeLessThan(parts.registrations.rows);
      // The page says the series shows days for now, and its finest bin is a day.
      await page.waitForSelector('[data-days-first]');
      expect(await page.locator('[data-view="timeseries"]').getAttribute('data-resolution')).toBe('day');
      await expectViews(page, {});
      // Whole local days, from the calendar the pipeline rolled up on: the day numbers are exact.
      const days = localDaysOf(parts.campaign.timeZone);
      const firstDay = days.dayOfHour(SYNTHETIC_START / 3_600_000);
      const hours: [number, number] = [days.startHour(firstDay + 10), days.startHour(firstDay + 17)];
      const filter = { hours, sources: [dims.source[0]] };
      await page.evaluate((f) => (window as unknown as Handle).__tallyboard.engine.setFilters(f), filter);
      await settled(page);
      await expectViews(page, filter);
      await page.screenshot({ path: `${SCREENSHOTS}/dashboard-days-first.png` });

      // The hourly cube arrives: hours on screen, the same filters, the note gone.
      slow.release();
      await page.waitForFunction(() => (window as unknown as Handle).__tallyboard.hourly, null, { timeout: 30_000 });
      await settled(page);
      expect(await page.evaluate(() => (window as unknown as Handle).__tallyboard.dataset.registrations.rows)).toBe(parts.registrations.rows);
      const at = await page.evaluate(() => [(window as unknown as Handle).__tallyboard.readyAt, (window as unknown as Handle).__tallyboard.hourlyAt]);
      expect(at[1]).toBeGreaterThan(at[0]!);
      expect(await page.evaluate(() => (window as unknown as Handle).__tallyboard.engine.getFilters())).toMatchObject(filter);
      expect(await page.locator('[data-days-first]').count()).toBe(0);
      expect(await page.locator('[data-view="timeseries"]').getAttribute('data-resolution')).toBe('hour');
      await expectViews(page, filter);
      // Hours now count: a range that starts and ends mid-day.
      const ragged = { hours: [hours[0] + 5, hours[1] + 7] as [number, number], sources: [] };
      await page.evaluate((f) => (window as unknown as Handle).__tallyboard.engine.setFilters(f), ragged);
      await settled(page);
      await expectViews(page, { hours: ragged.hours });
    } finally {
      await page.close();
      await slow.close();
    }
  });

  it('keeps the days on screen and says so when the hourly cube is damaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-dash-hourly-'));
    for (const f of readdirSync(dataDir)) copyFileSync(join(dataDir, f), join(dir, f));
    const cube = readFileSync(join(dir, 'registrations.tbc'));
    cube[cube.length >> 1] ^= 0xff;
    writeFileSync(join(dir, 'registrations.tbc'), cube);
    const damaged = await startSiteServer(dir);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${damaged.url}?refresh=0`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      expect(await page.locator('[data-refresh-failure]').getAttribute('title', { timeout: 30_000 })).toContain('registrations.tbc');
      expect(await page.evaluate(() => (window as unknown as Handle).__tallyboard.hourly)).toBe(false);
      expect(await page.locator('[data-days-first]').count()).toBe(1);
      await expectViews(page, {});
    } finally {
      await page.close();
      await damaged.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads a data set published before the daily roll-up from its hourly cube', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const files: string[] = [];
    page.on('request', (r) => files.push(new URL(r.url()).pathname));
    try {
      await page.goto(old.url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      const first = await page.evaluate(() => ({ hourly: (window as unknown as Handle).__tallyboard.hourly, rows: (window as unknown as Handle).__tallyboard.dataset.registrations.rows }));
      expect(first).toEqual({ hourly: true, rows: parts.registrations.rows });
      expect(await page.locator('[data-days-first]').count()).toBe(0);
      await expectViews(page, {});
      expect(files.filter((f) => f === '/data/registrations.tbc')).toHaveLength(1);
      expect(files.filter((f) => f.endsWith(DAILY_CUBE_PATH))).toHaveLength(0);
    } finally {
      await page.close();
    }
  });

  it('fits a 320 px screen without horizontal scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 700 } });
    await ready(page, server.url);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    for (const view of ['kpis', 'timeseries', 'events', 'regions', 'sources', 'distance', 'stages']) {
      const box = await page.locator(`[data-view="${view}"]`).boundingBox();
      expect(box, view).not.toBeNull();
      expect(box!.width, view).toBeGreaterThan(200);
      expect(box!.x + box!.width, view).toBeLessThanOrEqual(320);
    }
    await page.close();
  });

  // Each broken data folder gets the error page that names what is wrong and what to do about it.
  const errorPages: Array<{ what: string; at: () => SiteServer; kind: string; says: string[] }> = [
    { what: 'says the data is missing and how to make it', at: () => missing, kind: 'missing', says: ['manifest.json', 'pipeline'] },
    { what: 'says a cube is damaged instead of showing wrong numbers', at: () => corrupt, kind: 'corrupt', says: [DAILY_CUBE_PATH, 'hash'] },
    { what: 'says the data comes from another format version', at: () => otherVersion, kind: 'version', says: ['format version', 'Rebuild the data'] }
  ];
  for (const { what, at, kind, says } of errorPages) {
    it(what, async () => {
      const page = await browser.newPage();
      await page.goto(at().url);
      await page.waitForSelector('[data-status="error"]');
      const text = await page.locator(`[data-error="${kind}"]`).textContent();
      for (const words of says) expect(text).toContain(words);
      await page.close();
    });
  }

  it('keeps the views above working when only the regional views\' data is damaged, and says so below them', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await ready(page, badDeliveries.url);
    const alert = page.locator('.regional [data-error="corrupt"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('deliveries.tbc');
    expect(await page.locator('[data-view="kpis"] [data-kpi="registered"]').getAttribute('data-value')).toBe(String(parts.registrations.columns.registered.reduce((a, b) => a + b, 0)));
    expect(await page.locator('[data-view="map"]').count()).toBe(0);
    await page.close();
  });
});
