/**
 * End to end with nothing injected: the demo generator's raw exports through the real pack, resolver and DuckDB,
 * read back with the browser's loader. The figures are checked against the raw files themselves.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../../data-pipeline/demo/generate.ts';
import { runBuild, type BuildResult } from '../../../data-pipeline/pipeline.ts';
import { Progress } from '../../../data-pipeline/step-log.ts';
import { loadDataset, type Dataset } from '../../../shared/cube/dataset.ts';
import { loadPack } from '../../../geo/pack.ts';
import { readCsvObjects } from '../../support/pipeline-helpers.ts';

const N = 20_000;

describe('demo → build → dataset (real pack, resolver and DuckDB)', () => {
  let dir: string;
  let result: BuildResult;
  let ds: Dataset;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-e2e-'));
    await generateDemo({ pack: 'ru', registrations: N, seed: 'e2e', out: dir });
    result = await runBuild({ config: join(dir, 'campaign.json'), out: join(dir, 'published'), progress: new Progress({ out: () => undefined, live: false }) });
    ds = await loadDataset(async (p) => new Uint8Array(await readFile(join(result.outDir, p))));
  }, 180_000);

  it('reconciles: every row read is accepted or written to rejects.csv with a reason', async () => {
    const { read, accepted, rejected } = ds.manifest.counts;
    expect(read).toBe(N);
    expect(accepted + rejected).toBe(read);
    const rejects = await readCsvObjects(result.rejectsPath);
    const registrationRejects = rejects.filter((r) => !r.file.includes('deliveries'));
    expect(registrationRejects).toHaveLength(rejected);
    for (const r of registrationRejects) {
      expect(r.row).toMatch(/^\d+$/);
      expect(r.field).not.toBe('');
      expect(r.reason).not.toBe('');
    }
    expect(ds.manifest.totals.registrations.registered).toBe(accepted);
  });

  it('resolves most cities to real regions and publishes the pack projection', () => {
    const pack = loadPack('ru');
    const known = new Set(pack.regions.map((r) => r.code));
    const regionColumn = ds.registrations.columns.region;
    const registered = ds.registrations.columns.registered;
    let inKnownRegion = 0;
    for (let i = 0; i < ds.registrations.rows; i++) {
      if (known.has(ds.manifest.dimensions.region[regionColumn[i]])) inKnownRegion += registered[i];
    }
    expect(inKnownRegion / ds.manifest.counts.accepted).toBeGreaterThan(0.95);
    expect(ds.manifest.campaign.projection).toEqual(pack.projection);
  });

  it('publishes no e-mail, phone or name from the raw export', () => {
    const raw = readFileSync(join(dir, 'registrations.csv'), 'utf8').split('\n').slice(1, 2001);
    const secrets = new Set<string>();
    for (const line of raw) {
      const cells = line.split(',');
      if (cells.length < 6) continue;
      for (const c of cells.slice(2, 6)) if (c.length >= 4) secrets.add(c); // first_name, last_name, phone, email
    }
    expect(secrets.size).toBeGreaterThan(1000);
    for (const f of readdirSync(result.outDir)) {
      const bytes = readFileSync(join(result.outDir, f));
      const text = (f.endsWith('.tbc') ? gunzipSync(bytes) : bytes).toString('utf8');
      const leaked = [...secrets].filter((s) => s.includes('@') || s.startsWith('+') ? text.includes(s) : false);
      expect(leaked, `${f} leaks personal data`).toEqual([]);
    }
  });

  it('answers every spelling of a repeat build from the last build\'s answers, never asking the resolver', async () => {
    const answers = join(result.workDir, 'city-resolutions-ru.jsonl');
    const before = readFileSync(answers);
    const log: string[] = [];
    const again = await runBuild({ config: join(dir, 'campaign.json'), out: join(dir, 'published'), progress: new Progress({ out: (l) => log.push(l), live: false }) });
    // A spelling the file did not answer would have been resolved and appended to it.
    expect(readFileSync(answers).equals(before)).toBe(true);
    const line = log.find((l) => l.includes('answered from the last build'));
    const [calls, answered] = [/([\d,]+) resolver calls/, /([\d,]+) answered from the last build/].map((re) => Number(line?.match(re)?.[1].replace(/,/g, '')));
    expect(answered).toBeGreaterThanOrEqual(calls);
    expect(calls).toBeGreaterThan(100);
    expect(again.manifest.totals).toEqual(result.manifest.totals);
  }, 120_000);
});
