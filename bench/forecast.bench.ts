/**
 * The forecast's backtest on demo campaigns (`tallyboard demo` at 100k registrations, built with the real
 * pipeline, both packs): the forecast made 14 and 7 days before the deadline against the final figure, for the
 * capped total and per region (how often the final count falls inside the 80 % range). The cube counts
 * confirmations as of the build, so a past day's "available" already holds its later confirmations: the
 * backtest sees slightly more than a forecaster on that day would have.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../data-pipeline/demo/generate.ts';
import { runBuild } from '../data-pipeline/pipeline.ts';
import { Progress } from '../data-pipeline/step-log.ts';
import { loadCore, type CoreData } from '../shared/cube/dataset.ts';
import { deadlineHour } from '../shared/metrics/campaign-figures.ts';
import { computeReadiness, readinessFigures, type ReadinessRow } from '../shared/metrics/readiness.ts';
import { cubeRows } from '../shared/scan/cube-rows.ts';
import { regionalQuery } from '../shared/scan/regional-query.ts';
import { DEFAULT_FILTERS } from '../shared/scan/scan-engine.ts';
import type { BenchResult } from './types.ts';

const N = 100_000;
const LEADS = [14, 7];
const CAMPAIGNS = [
  ['ru', 'a1'],
  ['us', 'a1']
] as const;

async function built(pack: 'ru' | 'us', seed: string): Promise<{ core: CoreData; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), `tb-forecast-${pack}-${seed}-`));
  const raw = join(dir, 'raw');
  await generateDemo({ pack, registrations: N, seed, out: raw });
  const b = await runBuild({ config: join(raw, 'campaign.json'), out: join(dir, 'published'), progress: new Progress({ out: () => undefined, live: false }) });
  return { core: await loadCore(async (p) => new Uint8Array(await readFile(join(b.outDir, p)))), dir };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

export default async function forecastBench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const [pack, seed] of CAMPAIGNS) {
    const { core, dir } = await built(pack, seed);
    try {
      const { manifest } = core;
      const cube = cubeRows(core);
      const deadline = deadlineHour(manifest.campaign);
      const end = Math.min(deadline, manifest.hours.last + 1);
      const readinessTo = (hour: number): ReadinessRow[] => computeReadiness(core, regionalQuery(cube, manifest, { ...DEFAULT_FILTERS, hours: [manifest.hours.first, hour] }));
      const finalRows = readinessTo(end);
      const final = readinessFigures(core.manifest.campaign, finalRows);
      const finalOf = new Map(finalRows.map((r) => [r.code, r.available]));
      const label = `${pack} ${seed}`;
      out.push({ name: `${label}: final capped total (data to ${new Date(end * 3_600_000).toISOString().slice(0, 10)})`, value: final.cappedTotal, unit: 'signatures' });
      for (const lead of LEADS) {
        const rows = readinessTo(deadline - lead * 24);
        const f = readinessFigures(core.manifest.campaign, rows).forecast;
        const error = final.cappedTotal > 0 ? (f.value - final.cappedTotal) / final.cappedTotal : 0;
        const capped = rows.filter((r) => r.cap > 0 && (finalOf.get(r.code) ?? 0) > 0);
        const inside = capped.filter((r) => {
          const v = finalOf.get(r.code) ?? 0;
          return v >= r.forecastLow && v <= r.forecastHigh;
        }).length;
        const regionErrors = capped.map((r) => Math.abs(r.forecast - (finalOf.get(r.code) ?? 0)) / (finalOf.get(r.code) ?? 1)).sort((a, b) => a - b);
        const load = loadavg().map((x) => x.toFixed(1)).join(' ');
        process.stdout.write(
          `  ${label}, ${lead} days before: capped total forecast ${f.value} (${f.low}–${f.high}) vs final ${final.cappedTotal}, ` +
            `${round1(error * 100)} %; regions inside their range ${inside}/${capped.length} (load ${load})\n`
        );
        out.push(
          { name: `${label}: capped total error, ${lead} d before`, value: round1(error * 100), unit: '%' },
          { name: `${label}: final inside the range, ${lead} d before`, value: f.low <= final.cappedTotal && final.cappedTotal <= f.high ? 1 : 0, unit: 'yes=1' },
          { name: `${label}: regions' median |error|, ${lead} d before`, value: round1((regionErrors[regionErrors.length >> 1] ?? 0) * 100), unit: '%' },
          { name: `${label}: regions inside their 80 % range, ${lead} d before`, value: round1((100 * inside) / Math.max(1, capped.length)), unit: '%', target: '≈ 80 %' }
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  out.push({ name: 'load average (1 min) at the end', value: round1(loadavg()[0]), unit: '' });
  return out;
}
