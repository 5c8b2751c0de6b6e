/**
 * cities.arrow end to end: the demo's raw exports through the real pipeline, then the file as published. It must
 * hold no count below the small-cell threshold, no raw spelling and nothing personal, be listed and hashed in the
 * manifest, and reconcile with the cube: per region, the cities' published totals fall short of the region's
 * resolved registrations by at most MIN_CELL − 1 per city (the held-back remainders).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../../data-pipeline/pipeline.ts';
import { CITY_COLUMNS, MIN_CELL, decodeCityTable } from '../../../shared/cube/city-table.ts';
import { loadDataset, readChecked, type Dataset } from '../../../shared/cube/dataset.ts';
import { STAGES } from '../../../shared/cube/format.ts';
import { buildDemo } from '../../support/demo-build.ts';
import { readCsvObjects } from '../../support/pipeline-helpers.ts';

describe('cities.arrow from the demo campaign', () => {
  let dir: string;
  let result: BuildResult;
  let ds: Dataset;
  let bytes: Uint8Array;
  beforeAll(async () => {
    ({ dir, result } = await buildDemo('cities', 20_000));
    const read = async (p: string) => new Uint8Array(await readFile(join(result.outDir, p)));
    ds = await loadDataset(read);
    const entry = ds.manifest.files.cities;
    if (!entry) throw new Error('manifest lists no cities file');
    bytes = await readChecked(read, entry);
  }, 180_000);

  it('is listed in the manifest with its rows and the documented columns', () => {
    const table = tableFromIPC(bytes);
    expect(ds.manifest.files.cities?.path).toBe('cities.arrow');
    expect(table.numRows).toBe(ds.manifest.files.cities?.rows);
    expect(table.schema.fields.map((f) => f.name)).toEqual([...CITY_COLUMNS]);
    expect(table.numRows).toBeGreaterThan(0);
  });

  it('publishes no count below the small-cell threshold', () => {
    const table = tableFromIPC(bytes);
    for (const stage of STAGES) {
      const column = table.getChild(stage);
      for (let i = 0; i < table.numRows; i++) {
        const v = column?.get(i) as number | null;
        if (v !== null) expect(v).toBeGreaterThanOrEqual(MIN_CELL);
      }
    }
  });

  it('holds no raw spelling and nothing personal from the export', async () => {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const raw = await readCsvObjects(join(dir, 'registrations.csv'));
    const table = decodeCityTable(bytes);
    // A spelling that is part of a gazetteer name ("Ленинград" in "Ленинградская") would match the name, not a leak.
    const names = table.cities.map((c) => c.name).join('\n');
    const spellings = new Set(raw.map((r) => r.city).filter((s): s is string => !!s && s.length >= 4 && !names.includes(s)));
    expect(spellings.size).toBeGreaterThan(0);
    for (const s of spellings) expect(text.includes(s), s).toBe(false);
    for (const r of raw.slice(0, 500)) {
      for (const v of [r.email, r.phone]) if (v) expect(text.includes(v)).toBe(false);
    }
  });

  it('reconciles with the cube region by region, short by at most the held-back remainders', () => {
    const table = decodeCityTable(bytes);
    const regionIndex = ds.manifest.dimensions.region;
    const cube = new Map<string, number>();
    const { region, distance, registered } = ds.registrations.columns;
    const unknownDistance = ds.manifest.dimensions.distance.indexOf('unknown');
    for (let i = 0; i < ds.registrations.rows; i++) {
      if (distance[i] === unknownDistance) continue;
      const code = regionIndex[region[i]];
      cube.set(code, (cube.get(code) ?? 0) + registered[i]);
    }
    const published = new Map<string, number>();
    const citiesIn = new Map<string, number>();
    for (const c of table.cities) citiesIn.set(c.region, (citiesIn.get(c.region) ?? 0) + 1);
    for (let i = 0; i < table.rows; i++) {
      const code = table.cities[table.city[i]].region;
      published.set(code, (published.get(code) ?? 0) + table.counts.registered[i]);
    }
    let shortfall = 0;
    for (const [code, total] of cube) {
      const got = published.get(code) ?? 0;
      expect(got).toBeLessThanOrEqual(total);
      shortfall += total - got;
    }
    // Cities with fewer than MIN_CELL registrations in all are left out entirely; the rest lose under MIN_CELL each.
    const resolved = [...cube.values()].reduce((a, b) => a + b, 0);
    expect(shortfall).toBeLessThan(resolved * 0.2);
    expect(shortfall).toBeGreaterThanOrEqual(0);
  });

  it('counts distinct spellings per city', () => {
    const table = decodeCityTable(bytes);
    const biggest = table.cities.reduce((a, b) => (b.spellings > a.spellings ? b : a));
    expect(biggest.spellings).toBeGreaterThan(1);
    expect(readFileSync(join(result.outDir, 'manifest.json'), 'utf8')).toContain('cities.arrow');
  });
});
