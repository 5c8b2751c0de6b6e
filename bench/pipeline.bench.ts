/**
 * Pipeline bench: CSV → cubes for the 1M-registration demo campaign (via `tallyboard demo` when available, else
 * bench/pipeline-synthetic.ts), and 10M rows when BENCH_10M=1 (off by default: generating and building 10M rows
 * takes several minutes and ~1.7 GB of disk). Each build runs as a child process so its peak RSS
 * (process.resourceUsage().maxRSS, reported by the child) is the pipeline's alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { demoCampaign, ROOT, WORK } from './demo-campaign.ts';
import type { BenchResult } from './types.ts';

/** Runs the build in a child that reports its own max RSS; returns seconds, max RSS bytes and the manifest. */
function timedBuild(config: string, out: string): { seconds: number; maxRss: number; cpu: number; manifest: { counts: { read: number }; files: Record<string, { bytes: number }> } } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'pipeline-child.ts'), config, out], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20
  });
  if (r.status !== 0) throw new Error(`build of ${config} failed (exit ${r.status})`);
  const { seconds, maxRss, cpu } = JSON.parse(r.stdout) as { seconds: number; maxRss: number; cpu: number };
  return { seconds, maxRss, cpu, manifest: JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) };
}

export default async function pipelineBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const sizes: Array<[string, number, number]> = [['1M', 1_000_000, 20]];
  if (process.env.BENCH_10M === '1') sizes.push(['10M', 10_000_000, 180]);
  for (const [label, rows, target] of sizes) {
    const dir = join(WORK, label);
    const config = demoCampaign(rows, dir);
    const inputBytes = ['registrations.csv', 'partner.csv', 'deliveries.csv'].map((f) => (existsSync(join(dir, f)) ? statSync(join(dir, f)).size : 0)).reduce((a, b) => a + b, 0);
    const out = join(dir, 'out');
    const { seconds, maxRss, cpu, manifest } = timedBuild(config, out);
    results.push(
      { name: `pipeline ${label}: CSV → cubes (${(inputBytes / 1e6).toFixed(0)} MB in, ${manifest.counts.read.toLocaleString('en-US')} rows)`, value: Number(seconds.toFixed(1)), unit: 's', target: `≤ ${target} s`, pass: seconds <= target },
      // CPU seconds (all threads, incl. DuckDB's) tell a loaded machine's wall time apart from the pipeline's own cost.
      { name: `pipeline ${label}: CPU time (user + system)`, value: Number(cpu.toFixed(1)), unit: 's' },
      { name: `pipeline ${label}: peak RSS`, value: Math.round(maxRss / 1048576), unit: 'MB', target: '≤ 1024 MB', pass: maxRss <= 1024 * 1048576 }
    );
    if (label === '1M') {
      const cube = manifest.files.registrations.bytes + manifest.files.deliveries.bytes;
      results.push({ name: 'pipeline 1M: cube bytes (registrations + deliveries, gzip)', value: cube, unit: 'bytes', target: '≤ 1,000,000', pass: cube <= 1_000_000 });
    }
    if (label === '10M') rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
