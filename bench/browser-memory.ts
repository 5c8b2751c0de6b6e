/**
 * What the dashboard holds in the browser once a published data set has loaded: `node --import tsx
 * bench/browser-memory.ts DATA_DIR` serves the built site (build/, `vite build`) with DATA_DIR as /data/, opens it
 * in headless Chromium at 1280×900, waits for body[data-ready], collects garbage, and prints the JS heap
 * (Runtime.getHeapUsage: objects, plus the ArrayBuffer backing stores where the cube's typed arrays live) and the
 * renderer process's resident memory. docs/SCALING.md quotes it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../tests/support/chromium.ts';
import { startSiteServer } from '../tests/support/site-server.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: node --import tsx bench/browser-memory.ts DATA_DIR');
const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as { files: Record<string, { bytes: number; rows?: number }> };

/** Resident memory of Chromium's renderer processes (the page's), from ps. */
function rendererRss(): number {
  const out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes('--type=renderer'))
    .reduce((kb, l) => kb + Number(l.trim().split(/\s+/)[0]), 0) * 1024;
}

const server = await startSiteServer(dataDir);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const started = Date.now();
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready]', { timeout: 120_000 });
  const ready = Date.now() - started;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number; backingStorageSize?: number };
  const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
  const cube = manifest.files.registrations;
  process.stdout.write(
    [
      `data: ${dataDir}: registrations cube ${cube.rows?.toLocaleString('en-US') ?? '?'} rows, ${cube.bytes.toLocaleString('en-US')} B gzip`,
      `ready after ${ready} ms (load ${loadavg()[0].toFixed(1)})`,
      `JS heap used ${mb(heap.usedSize)} of ${mb(heap.totalSize)}; ArrayBuffer backing stores ${heap.backingStorageSize === undefined ? 'not reported' : mb(heap.backingStorageSize)}`,
      `renderer RSS ${mb(rendererRss())}`
    ].join('\n') + '\n'
  );
} finally {
  await browser.close();
  await server.close();
}
