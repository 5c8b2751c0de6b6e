/**
 * The SQL page (/explore) in headless Chromium, served as deployed (`tallyboard serve`'s server, with its
 * caching, types and Content-Security-Policy) over the synthetic test set:
 * - navigation → first answer: from the navigation's start to the answer on the page of a query asked as soon as
 *   the page takes input (DuckDB-WASM's module downloaded and compiled, the database opened, registrations
 *   attached, the query run), by the page's own clock (its `explore:answered` mark, as the dashboard's bench reads
 *   the dashboard's `readyAt`), in a fresh browser context each time (nothing cached: a first visit), median of
 *   LOADS; target ≤ 3000 ms. Beside it, the same load timed from outside: Playwright's navigation call to the
 *   answer read back through it, which adds its round trips (0.1–0.5 s here: the figure this bench gave before
 *   3 Dec's twenty-first session);
 * - where that time goes: the page's start-up marks (startup-marks.ts), each the median over the same loads of
 *   the milliseconds from navigation to the end of that stage;
 * - the same on a second visit in the same context (module and scripts from the HTTP cache), as its peer;
 * - with EXPLORE_BENCH_BASELINE set to another build of the site (e.g. main's, `TALLYBOARD_BUILD_DIR=… vite
 *   build`), that build's first visit too, loaded in turn with this one over the same data.
 * Builds alternate load by load, so a burst of load on the shared machine falls on each alike; the 1-minute load
 * average is recorded beside each figure and each load.
 *
 * Rerun: `npm run bench explore` (EXPLORE_BENCH_LOADS, default 7).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, BrowserContext } from 'playwright-core';
import { STARTUP_STAGES, startupMarkName } from '../src/lib/explore/startup-marks.ts';
import type { BenchResult } from './types.ts';

const LOADS = Number(process.env.EXPLORE_BENCH_LOADS ?? 7);
const BASELINE = process.env.EXPLORE_BENCH_BASELINE;
const TARGET_MS = 3000;
const FIRST_QUERY = 'SELECT sum(registered) AS n FROM registrations';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
const round1 = (x: number) => Math.round(x * 10) / 10;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One page load: navigation → answer, the start-up marks it set (ms after navigation), and the load average. */
interface Load {
  /** Navigation start → the answer on the page, by the page's clock. */
  ms: number;
  /** Playwright's navigation call → the answer read back through Playwright. */
  harnessMs: number;
  marks: Map<string, number>;
  load: number;
}

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
  const baselineServer = BASELINE ? await startStaticServer({ site: BASELINE, data, port: 0 }) : null;
  let browser: Browser | undefined;
  const cold: Load[] = [];
  const warm: Load[] = [];
  const baseline: Load[] = [];
  try {
    browser = await launchChromium();
    /** Navigation → the first query's answer on a new page of `context`, checked against the data set. */
    const firstAnswer = async (context: BrowserContext, url: string): Promise<Load> => {
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(`${url}explore/`);
      const answer = await query(page, FIRST_QUERY);
      const harnessMs = Date.now() - started;
      if (answer.error !== null || Number(answer.cells[0]?.[0]) !== accepted) throw new Error(`SQL page answered ${answer.error ?? JSON.stringify(answer.cells)}, expected ${accepted}`);
      const marks = new Map(await page.evaluate(() => performance.getEntriesByType('mark').map((m): [string, number] => [m.name, m.startTime])));
      await page.close();
      const answeredAt = marks.get(startupMarkName('answered'));
      if (answeredAt === undefined) throw new Error('the SQL page set no explore:answered mark for its first answer');
      return { ms: Math.round(answeredAt), harnessMs, marks, load: loadavg()[0] };
    };
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext();
      cold.push(await firstAnswer(context, server.url));
      warm.push(await firstAnswer(context, server.url));
      await context.close();
      if (baselineServer) {
        const other = await browser.newContext();
        baseline.push(await firstAnswer(other, baselineServer.url));
        await other.close();
      }
    }
  } finally {
    await browser?.close();
    await server.close();
    await baselineServer?.close();
    rmSync(data, { recursive: true, force: true });
  }
  const loadOf = (loads: Load[]) => round1(mean(loads.map((l) => l.load)));
  const each = (loads: Load[]) => loads.map((l) => `${l.ms} / ${l.harnessMs} (${round1(l.load)})`).join(', ');
  const coldMs = median(cold.map((l) => l.ms));
  const stages = STARTUP_STAGES.flatMap((stage): BenchResult[] => {
    const at = cold.map((l) => l.marks.get(startupMarkName(stage))).filter((ms) => ms !== undefined);
    return at.length ? [{ name: `  ${stage} done`, value: Math.round(median(at)), unit: 'ms after nav.', loadAverage: loadOf(cold) }] : [];
  });
  return [
    { name: `SQL page: navigation → first answer on the page (first visit, the page's clock, median of ${LOADS})`, value: coldMs, unit: 'ms', target: `≤ ${TARGET_MS} ms`, pass: coldMs <= TARGET_MS, loadAverage: loadOf(cold) },
    { name: `  the same timed through Playwright (its navigation call → the answer read back), median`, value: median(cold.map((l) => l.harnessMs)), unit: 'ms', loadAverage: loadOf(cold) },
    { name: `  each load, ms, page's clock / through Playwright (load average): ${each(cold)}`, value: Math.min(...cold.map((l) => l.ms)), unit: 'ms (fastest)', loadAverage: loadOf(cold) },
    ...stages,
    { name: `SQL page: navigation → first answer on the page (second visit, cached, the page's clock, median of ${LOADS})`, value: median(warm.map((l) => l.ms)), unit: 'ms', loadAverage: loadOf(warm) },
    ...(baseline.length
      ? [
          { name: `baseline build ${BASELINE}: first visit, the page's clock, median of ${LOADS}`, value: median(baseline.map((l) => l.ms)), unit: 'ms', loadAverage: loadOf(baseline) },
          { name: `  each load, ms, page's clock / through Playwright (load average): ${each(baseline)}`, value: Math.min(...baseline.map((l) => l.ms)), unit: 'ms (fastest)', loadAverage: loadOf(baseline) }
        ]
      : [])
  ];
}
