/**
 * The SQL page (/explore) in headless Chromium, served as deployed (`tallyboard serve`'s server, with its
 * caching, types and Content-Security-Policy) over the synthetic test set:
 * - navigation → first answer: from `page.goto` to the answer of a query asked as soon as the page takes input
 *   (DuckDB-WASM's module downloaded and compiled, the database opened, the tables attached, the query run),
 *   in a fresh browser context each time (nothing cached: a first visit), median of LOADS; target ≤ 3000 ms;
 * - the same on a second visit in the same context (module and scripts from the HTTP cache), as its peer.
 * Cold and warm loads alternate, so a burst of load on the shared machine falls on both alike; the 1-minute
 * load average is recorded beside each figure.
 *
 * Rerun: `npm run bench explore` (EXPLORE_BENCH_LOADS, default 7).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, BrowserContext } from 'playwright-core';
import type { BenchResult } from './types.ts';

const LOADS = Number(process.env.EXPLORE_BENCH_LOADS ?? 7);
const TARGET_MS = 3000;
const FIRST_QUERY = 'SELECT sum(registered) AS n FROM registrations';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
const round2 = (x: number) => Math.round(x * 100) / 100;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export default async function exploreBench(): Promise<BenchResult[]> {
  const buildDir = process.env.TALLYBOARD_BUILD_DIR ?? join(tmpdir(), 'tb-bench-explore');
  process.env.TALLYBOARD_BUILD_DIR = buildDir;
  const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stdout}${built.stderr}`);
  const { startStaticServer } = await import('../data-pipeline/serve/static-server.ts');
  const { launchChromium } = await import('../tests/support/chromium.ts');
  const { writeSyntheticDataset } = await import('../tests/support/synthetic-dataset.ts');
  const { query } = await import('../tests/support/sql-page.ts');

  const data = mkdtempSync(join(tmpdir(), 'tb-bench-explore-data-'));
  const accepted = writeSyntheticDataset(data).counts.accepted;
  const server = await startStaticServer({ site: buildDir, data, port: 0 });
  let browser: Browser | undefined;
  const cold: number[] = [];
  const warm: number[] = [];
  const loads: number[] = [];
  try {
    browser = await launchChromium();
    /** Navigation → the first query's answer on a new page of `context`, checked against the data set. */
    const firstAnswer = async (context: BrowserContext): Promise<number> => {
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(`${server.url}explore/`);
      const answer = await query(page, FIRST_QUERY);
      const ms = Date.now() - started;
      if (answer.error !== null || Number(answer.cells[0]?.[0]) !== accepted) throw new Error(`SQL page answered ${answer.error ?? JSON.stringify(answer.cells)}, expected ${accepted}`);
      await page.close();
      return ms;
    };
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext();
      cold.push(await firstAnswer(context));
      warm.push(await firstAnswer(context));
      loads.push(loadavg()[0]);
      await context.close();
    }
  } finally {
    await browser?.close();
    await server.close();
    rmSync(data, { recursive: true, force: true });
  }
  const load = round2(mean(loads));
  const coldMs = median(cold);
  return [
    { name: `SQL page: navigation → first answer (first visit, median of ${LOADS})`, value: coldMs, unit: 'ms', target: `≤ ${TARGET_MS} ms`, pass: coldMs <= TARGET_MS, loadAverage: load },
    { name: `  each load: ${cold.join(', ')}`, value: Math.min(...cold), unit: 'ms (fastest)', loadAverage: load },
    { name: `SQL page: navigation → first answer (second visit, cached, median of ${LOADS})`, value: median(warm), unit: 'ms', loadAverage: load }
  ];
}
