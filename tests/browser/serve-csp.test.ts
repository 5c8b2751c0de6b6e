/**
 * The built dashboard under the headers `tallyboard serve` sends (issue 17): it loads its data and draws every
 * view with zero Content-Security-Policy violations; the SQL page's DuckDB-WASM worker compiles its module and
 * answers under them too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startStaticServer, type StaticServer } from '../../data-pipeline/serve/static-server.ts';
import { launchChromium } from '../support/chromium.ts';
import { SITE_DIR } from '../support/site-server.ts';
import { query } from '../support/sql-page.ts';
import { writeSyntheticDataset } from '../support/synthetic-dataset.ts';

let browser: Browser;
let server: StaticServer;
let data: string;
let accepted: number;

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'tallyboard-csp-'));
  accepted = writeSyntheticDataset(join(data, 'published')).counts.accepted;
  server = await startStaticServer({ site: SITE_DIR, data: join(data, 'published'), port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (data) rmSync(data, { recursive: true, force: true });
});

it('loads the dashboard and its regional views with zero CSP violations', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
  });
  // Reported by the page itself as well: a console message can be missed, the event cannot.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content-Security-Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(server.url);
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.evaluate(() => (window as unknown as { __tallyboard: { settled(): Promise<void> } }).__tallyboard.settled());
  // The regional views load after first paint; hovering the map positions its tooltip with a style attribute.
  await page.waitForSelector('[data-view="map"] [data-hq]', { state: 'attached', timeout: 30_000 });
  await page.locator('[data-view="map"] [data-hq]').first().hover({ force: true });
  expect(await page.locator('[data-status]').getAttribute('data-status')).not.toBe('error');
  expect(violations).toEqual([]);
  await page.close();
});

it('answers on the SQL page: its worker fetches and compiles WebAssembly under the policy', async () => {
  const page = await browser.newPage();
  const thrown: string[] = [];
  page.on('pageerror', (e) => thrown.push(e.message));
  await page.goto(`${server.url}explore/`);
  const answer = await query(page, 'SELECT sum(registered) FROM registrations');
  expect(answer.error).toBeNull();
  expect(Number(answer.cells[0][0])).toBe(accepted);
  expect(thrown).toEqual([]);
  await page.close();
});
