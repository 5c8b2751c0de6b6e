/**
 * The SQL page (`/explore`) in Chromium against the synthetic data set: DuckDB-WASM starts from the bundled
 * files, the published tables (and an Arrow file the manifest lists) answer with the manifest's numbers, a bad query shows DuckDB's message, and the
 * dashboard itself downloads no WebAssembly. Also measures the page against its targets (first answer within
 * 3 s of opening, later queries over registrations under 100 ms median).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Manifest } from '../../shared/cube/format.ts';
import { launchChromium } from '../support/chromium.ts';
import { startSiteServer, type SiteServer } from '../support/site-server.ts';
import { writeSyntheticDataset } from '../support/synthetic-dataset.ts';
import { query } from '../support/sql-page.ts';

/**
 * Files in formats DuckDB reads as they are, listed in the manifest as the pipeline's city export will be: an
 * Arrow IPC stream, which must be attached under its key, and a Parquet file, which DuckDB-WASM cannot read
 * without downloading its parquet extension, so it must be reported as not attached while the rest works.
 */
async function addExternalFiles(dir: string, manifest: Manifest): Promise<void> {
  const ids = Array.from({ length: CITY_ROWS }, (_, i) => `city-${i + 1}`);
  const arrow = tableToIPC(tableFromArrays({ id: ids, people: Int32Array.from(ids, (_, i) => (i + 1) * 7) }), 'stream');
  writeFileSync(join(dir, 'cities.arrow'), arrow);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`COPY (SELECT 1 AS day) TO '${join(dir, 'city_days.parquet')}' (FORMAT parquet)`);
  conn.closeSync();
  instance.closeSync();
  const entry = (path: string, rows: number) => {
    const bytes = readFileSync(join(dir, path));
    return { path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), rows };
  };
  const files = { ...manifest.files, cities: entry('cities.arrow', CITY_ROWS), city_days: entry('city_days.parquet', 1) };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, files }, null, 2));
}
const CITY_ROWS = 50;

describe('SQL page in Chromium', () => {
  let browser: Browser;
  let server: SiteServer;
  let dataDir: string;
  let manifest: Manifest;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tb-explore-'));
    manifest = writeSyntheticDataset(dataDir);
    await addExternalFiles(dataDir, manifest);
    browser = await launchChromium();
    server = await startSiteServer(dataDir);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the dashboard downloads no WebAssembly, and links to the SQL page', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    // The regional views load when the page is idle: wait for them so a late download would be seen too.
    await page.waitForSelector('[data-view="delivery"]', { state: 'attached', timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    expect(requests.filter((u) => /\.wasm(\?|$)|duckdb/i.test(u))).toEqual([]);
    await page.locator('[data-link="explore"]').click();
    await page.waitForURL(/\/explore\/$/);
    // Reached by the app's navigation, the page runs no head script: it starts DuckDB-WASM's worker itself.
    const answer = await query(page, 'SELECT count(*) FROM regions');
    expect(Number(answer.cells[0]?.[0])).toBe(manifest.files.regions.rows);
    await page.close();
  });

  it('answers from the published tables, within 3 s of opening, and later queries under 100 ms median', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const opened = Date.now();
    await page.goto(`${server.url}explore/`);
    // Asked at once: the page runs it as soon as DuckDB-WASM is up.
    const first = await query(page, 'SELECT sum(registered) AS n FROM registrations');
    const firstAnswerMs = Date.now() - opened;
    expect(first.error).toBeNull();
    expect(Number(first.cells[0][0])).toBe(manifest.counts.accepted);
    // Everything came from this server: no CDN, no extension download.
    expect(requests.filter((u) => !u.startsWith(server.url))).toEqual([]);
    // The worker's early request is the only one: DuckDB-WASM's own fetch of the module is answered from it.
    expect(requests.filter((u) => /\.wasm(\?|$)/.test(u))).toHaveLength(1);

    const stages = await query(page, 'SELECT sum(phone), sum(email), sum(questionnaire), sum(future) FROM registrations');
    expect(stages.cells[0].map(Number)).toEqual([manifest.totals.registrations.phone, manifest.totals.registrations.email, manifest.totals.registrations.questionnaire, manifest.totals.registrations.future]);
    const deliveries = await query(page, 'SELECT sum(count) FROM deliveries');
    expect(Number(deliveries.cells[0][0])).toBe(manifest.totals.deliveries);
    const decoded = await query(page, "SELECT min(hour), count(DISTINCT region), max(source = 'site')::INTEGER FROM registrations");
    expect(decoded.cells[0][0]).toBe(new Date(manifest.hours.first * 3_600_000).toISOString().slice(0, 10));
    expect(decoded.cells[0][2]).toBe('1');
    const cities = await query(page, 'SELECT count(*), sum(people) FROM cities');
    expect(cities.cells[0].map(Number)).toEqual([CITY_ROWS, (7 * CITY_ROWS * (CITY_ROWS + 1)) / 2]);
    await expect(page.locator('[data-unattached="city_days"]').textContent()).resolves.toMatch(/not attached/);
    for (const table of ['events', 'headquarters', 'regions']) {
      const n = await query(page, `SELECT count(*) FROM ${table}`);
      expect(Number(n.cells[0][0]), table).toBe(manifest.files[table as 'events'].rows);
    }

    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const r = await query(page, `SELECT region, sum(registered) AS n FROM registrations WHERE hour >= TIMESTAMP '2017-11-20' + INTERVAL ${i} DAY GROUP BY region ORDER BY n DESC`);
      expect(r.error).toBeNull();
      times.push(r.ms);
    }
    const median = [...times].sort((a, b) => a - b)[4];
    const load = loadavg()[0];
    // Compiling the 34 MB module is CPU-bound: on a machine whose load exceeds its cores, the start-up measures
    // the other work, not the page. The figure is printed either way; the bench records it with the load.
    const busy = load > cpus().length;
    process.stdout.write(
      `[explore] first answer ${firstAnswerMs} ms after opening; later queries median ${median.toFixed(1)} ms (load average ${load.toFixed(2)}${busy ? ', busy: start-up target not asserted' : ''})\n`
    );
    if (!busy) expect(firstAnswerMs).toBeLessThan(3_000);
    expect(median).toBeLessThan(100);
    await page.close();
  });

  it('shows a bad query as an error, not an exception, and keeps working', async () => {
    const page = await browser.newPage();
    const thrown: string[] = [];
    page.on('pageerror', (e) => thrown.push(e.message));
    await page.goto(`${server.url}explore/`);
    const bad = await query(page, 'SELECT nope FROM registrations');
    expect(bad.error).toMatch(/nope/);
    const syntax = await query(page, 'SELEKT 1');
    expect(syntax.error).toMatch(/syntax/i);
    const good = await query(page, 'SELECT count(*) FROM regions');
    expect(good.error).toBeNull();
    expect(thrown).toEqual([]);
    await page.close();
  });

  it('speaks the language asked for: Russian with ?lang=ru, English with ?lang=en', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}explore/?lang=ru`);
    const answer = await query(page, 'SELECT 42 AS answer');
    expect(answer.cells).toEqual([['42']]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await expect(page.locator('[data-action="run-sql"]').textContent()).resolves.toBe('Выполнить');
    await expect(page.locator('[data-view="sql-result"] .meta').textContent()).resolves.toMatch(/^1 строка за \d+ мс$/);
    await expect(page.locator('[data-example="funnel"]').textContent()).resolves.toBe('Воронка региона');
    await page.goto(`${server.url}explore/?lang=en`);
    await page.waitForSelector('[data-example]', { timeout: 30_000 });
    await expect(page.locator('[data-action="run-sql"]').textContent()).resolves.toBe('Run');
    await page.close();
  });

  it('charts and exports an example query', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}explore/`);
    await page.waitForSelector('[data-example]', { timeout: 30_000 });
    await page.locator('[data-example="sources"]').click();
    await page.locator('[data-action="run-sql"]').click();
    await page.waitForSelector('[data-view="sql-result"] table');
    await expect(page.locator('[data-view="sql-chart"]').getAttribute('data-kind')).resolves.toBe('line');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-csv"]').click()]);
    expect(download.suggestedFilename()).toBe('tallyboard-query.csv');
    await page.close();
  });
});
