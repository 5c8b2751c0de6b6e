/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line), prints one table and
 * writes bench/results.json with the machine it ran on.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { Bench, BenchResult } from './types.ts';

const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const all: Array<BenchResult & { bench: string }> = [];
const failed: string[] = [];
for (const file of files) {
  const bench = file.replace(/\.bench\.ts$/, '');
  process.stdout.write(`\n== ${bench} ==\n`);
  const started = Date.now();
  let results: BenchResult[];
  try {
    const mod = (await import(pathToFileURL(resolve('bench', file)).href)) as { default: Bench };
    results = await mod.default();
  } catch (e) {
    // One bench that cannot run (no Chromium, say) must not cost the figures of the others in a long run: it is
    // reported as a failed figure of its own, and the run exits non-zero at the end.
    failed.push(bench);
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    results = [{ name: `${bench} bench failed: ${why}`, value: 0, unit: '', target: 'runs', pass: false }];
  }
  for (const r of results) {
    // A figure its bench did not stamp gets the load average at the time it is reported.
    if (r.loadAverage === undefined) r.loadAverage = Math.round(loadavg()[0] * 10) / 10;
    all.push({ bench, ...r });
    const verdict = r.pass === undefined ? '' : r.pass ? '  ok' : '  MISSED';
    const load = r.loadAverage === undefined ? '' : `  (load ${r.loadAverage})`;
    process.stdout.write(`  ${r.name.padEnd(56)} ${String(r.value).padStart(14)} ${r.unit.padEnd(12)} ${r.target ?? ''}${verdict}${load}\n`);
  }
  process.stdout.write(`  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

const missed = all.filter((r) => r.pass === false);
writeFileSync(
  'bench/results.json',
  JSON.stringify(
    { ranAt: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryBytes: totalmem(), results: all },
    null,
    2
  ) + '\n'
);
process.stdout.write(`\n${all.length} figures, ${missed.length} targets missed; written to bench/results.json\n`);
if (failed.length > 0) {
  process.stdout.write(`benches that failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
