import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { startSiteServer, type SiteServer } from '../support/site-server.ts';

describe('built site in Chromium', () => {
  let browser: Browser;
  let server: SiteServer;
  beforeAll(async () => {
    browser = await launchChromium();
    server = await startSiteServer(null);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders the page and reports missing data instead of a blank page', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('Tallyboard');
    await page.waitForSelector('[data-status]:not([data-status="loading"])');
    const status = await page.locator('[data-status]').getAttribute('data-status');
    expect(status).toBe('error');
    await expect(page.locator('[data-error="missing"]').textContent()).resolves.toContain('pipeline');
    await page.close();
  });
});
