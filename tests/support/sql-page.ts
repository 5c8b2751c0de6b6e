/** Runs one query on the SQL page (/explore) through its test hooks: the result's cells, or the error it shows. */
import type { Page } from 'playwright-core';

export async function query(page: Page, sql: string): Promise<{ cells: string[][]; error: string | null; ms: number }> {
  await page.waitForSelector('[data-view="sql"][data-interactive="true"]');
  const answered = Number(await page.locator('[data-view="sql"]').getAttribute('data-answered'));
  await page.locator('[data-view="sql"] textarea').fill(sql);
  await page.locator('[data-action="run-sql"]').click();
  await page.waitForSelector(`[data-view="sql"][data-answered="${answered + 1}"]`, { timeout: 30_000 });
  const error = (await page.locator('[data-error="query"]').count()) ? await page.locator('[data-error="query"]').textContent() : null;
  if (error !== null) return { cells: [], error, ms: NaN };
  const cells = await page.locator('[data-view="sql-result"] table tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  const ms = Number(await page.locator('[data-view="sql-result"]').getAttribute('data-ms'));
  return { cells, error: null, ms };
}
