/**
 * Issue 14 in Chromium: the dashboard and the HTML report in both languages, driven from the keyboard only,
 * checked by axe-core (injected from node_modules) at desktop and phone widths, and photographed at 320, 375
 * and 1280 px in each language for a person to look at.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, readPublished } from '../../data-pipeline/report/build-report.ts';
import { writeReportFiles } from '../../data-pipeline/report/write-files.ts';
import type { Language } from '../../shared/i18n/language.ts';
import { launchChromium } from '../support/chromium.ts';
import { startSiteServer, type SiteServer } from '../support/site-server.ts';
import { writeSyntheticDataset } from '../support/synthetic-dataset.ts';

const SCREENSHOTS = resolve('test-results/screenshots');
const AXE = resolve('node_modules/axe-core/axe.min.js');
const LANGUAGES: Language[] = ['en', 'ru'];
const WIDTHS = [1280, 375, 320];

interface Filters {
  hours: [number, number] | null;
  regions: string[];
}

let dir: string;
let browser: Browser;
let site: SiteServer;
/** The same data with Russian as the campaign's default language. */
let russianSite: SiteServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tallyboard-i18n-'));
  writeSyntheticDataset(join(dir, 'data'));
  writeSyntheticDataset(join(dir, 'data-ru'));
  const manifestPath = join(dir, 'data-ru', 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { campaign: { language?: string } };
  manifest.campaign.language = 'ru';
  writeFileSync(manifestPath, JSON.stringify(manifest));
  for (const language of LANGUAGES) writeReportFiles(join(dir, `report-${language}`), buildReport(await readPublished(join(dir, 'data')), { date: '2017-12-20', language }));
  site = await startSiteServer(join(dir, 'data'));
  russianSite = await startSiteServer(join(dir, 'data-ru'));
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await russianSite?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
}

/** Scrolls down so the regional views mount and draw (they wait for idle time and for being on screen). */
async function withRegionalViews(page: Page): Promise<void> {
  await page.waitForSelector('[data-view="delivery"]', { timeout: 30_000 });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: page.viewportSize()!.width, height });
  await page.waitForSelector('[data-view="delivery"] svg', { timeout: 30_000 });
  await page.evaluate(() => (window as unknown as { __tallyboard: { settled(): Promise<void> } }).__tallyboard.settled());
}

const filters = (page: Page): Promise<Filters> =>
  page.evaluate(() => {
    const f = (window as unknown as { __tallyboard: { engine: { getFilters(): Filters } } }).__tallyboard.engine.getFilters();
    return { hours: f.hours, regions: f.regions };
  });

/** Tabs until the focused element matches `selector`; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`${selector} not reached in ${limit} Tab presses`);
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.length} nodes, e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

describe('Russian and English', () => {
  it('follows the campaign default, ?lang= and the switcher, remembers the choice, and sets html lang', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await open(page, russianSite.url);
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    expect(await page.locator('[data-reset]').textContent()).toBe('Сбросить');
    expect(await page.locator('[data-kpi="registered"] h2').textContent()).toBe('Зарегистрировались');
    // Region names in the chosen language, from the pack.
    expect(await page.locator('[data-view="regions"] [data-key="RU-MOW"] .label').textContent()).toBe('Москва');

    await open(page, `${russianSite.url}?lang=en`);
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.locator('[data-view="regions"] [data-key="RU-MOW"] .label').textContent()).toBe('Moscow');
    // ?lang= is a choice too: remembered without it.
    await open(page, russianSite.url);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.locator('button[data-lang="ru"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    expect(await page.locator('[data-reset]').textContent()).toBe('Сбросить');
    await open(page, `${russianSite.url}?region=RU-MOW`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await context.close();
  });
});

describe('keyboard only', () => {
  it('moves, resizes and clears the brush, then filters a region, with Tab, arrows, Enter and Escape', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await open(page, `${site.url}?lang=en`);
    // The first Tab stops are the skip links: the one to the breakdowns, then the first region's bar.
    await tabTo(page, 'a[data-skip="breakdowns"]');
    await page.keyboard.press('Enter');
    await tabTo(page, '[data-view="regions"] button[data-key]', 5);
    const region = await page.evaluate(() => document.activeElement?.getAttribute('data-key'));
    await page.keyboard.press('Enter');
    expect((await filters(page)).regions).toEqual([region]);
    await page.keyboard.press('Enter');
    expect((await filters(page)).regions).toEqual([]);

    await open(page, `${site.url}?lang=en`);
    await tabTo(page, '[data-brush-keys]');
    await page.keyboard.press('ArrowRight');
    const started = (await filters(page)).hours!;
    expect(started).not.toBeNull();
    await page.keyboard.press('ArrowRight');
    const moved = (await filters(page)).hours!;
    expect(moved[0]).toBeGreaterThan(started[0]);
    expect(moved[1] - moved[0]).toBe(started[1] - started[0]);
    await page.keyboard.press('Shift+ArrowRight');
    const resized = (await filters(page)).hours!;
    expect(resized[0]).toBe(moved[0]);
    expect(resized[1]).toBeGreaterThan(moved[1]);
    expect(await page.locator('[data-brush-keys]').getAttribute('aria-valuetext')).toContain('–');
    await page.keyboard.press('Escape');
    expect((await filters(page)).hours).toBeNull();

    // One tab stop for every event marker: the next Tab leaves them.
    await tabTo(page, '.event-mark');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('event-mark'))).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('event-mark'))).toBe(false);

    await page.close();
  });
});

describe('axe-core: no serious or critical violations', () => {
  for (const language of LANGUAGES) {
    for (const width of [1280, 375]) {
      it(`the dashboard in ${language} at ${width} px`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await open(page, `${site.url}?lang=${language}`);
        await withRegionalViews(page);
        expect(await seriousViolations(page)).toEqual([]);
        await page.close();
      });
      it(`the HTML report in ${language} at ${width} px`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.goto(pathToFileURL(join(dir, `report-${language}`, 'report.html')).href);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
        await page.screenshot({ path: join(SCREENSHOTS, `report-${language}-${width}.png`), fullPage: true });
        expect(await seriousViolations(page)).toEqual([]);
        await page.close();
      });
    }
  }
});

describe('phones', () => {
  for (const language of LANGUAGES) {
    for (const width of WIDTHS) {
      it(`${language} at ${width} px: whole-page screenshot, table numbers not clipped, delivery axes inside the chart`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await open(page, `${site.url}?lang=${language}`);
        await withRegionalViews(page);
        const clipped = await page.$$eval('[data-view="readiness"] td.num', (cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent));
        expect(clipped).toEqual([]);
        const outside = await page.$$eval('[data-view="delivery"] svg text', (texts) => {
          const svg = texts[0]?.closest('svg')?.getBoundingClientRect();
          return texts.filter((t) => svg && (t.getBoundingClientRect().left < svg.left - 0.5 || t.getBoundingClientRect().right > svg.right + 0.5)).map((t) => t.textContent);
        });
        expect(outside).toEqual([]);
        if (width < 600) expect(await page.locator('[data-view="map"] button[data-mode="list"]').getAttribute('aria-pressed')).toBe('true');
        await page.screenshot({ path: join(SCREENSHOTS, `dashboard-${language}-${width}.png`), fullPage: true });
        // A whole phone page is too tall to read when viewed whole: each panel on its own as well.
        for (const view of ['kpis', 'timeseries', 'map', 'readiness', 'delivery']) {
          await page.locator(`[data-view="${view}"]`).screenshot({ path: join(SCREENSHOTS, `dashboard-${language}-${width}-${view}.png`) });
        }
        await page.close();
      });
    }
  }
});
