import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type Dataset } from '../../../shared/cube/dataset.ts';
import { STAGES } from '../../../shared/cube/format.ts';
import { createEngine } from '../../../shared/scan/scan-engine.ts';
import type { RegistrationsEngine } from '../../../shared/scan/types.ts';
import { writeSyntheticDataset } from '../../support/synthetic-dataset.ts';

/** Sums the cube rows by hand: the reference the engine must agree with. */
function reference(ds: Dataset, keep: (i: number) => boolean, key: (i: number) => string = () => 'all') {
  const out = new Map<string, Record<string, number>>();
  const c = ds.registrations.columns;
  for (let i = 0; i < ds.registrations.rows; i++) {
    if (!keep(i)) continue;
    const k = key(i);
    const acc = out.get(k) ?? Object.fromEntries(STAGES.map((s) => [s, 0]));
    for (const s of STAGES) acc[s] += c[s][i];
    out.set(k, acc);
  }
  return out;
}

describe('scan engine', () => {
  let dir: string;
  let ds: Dataset;
  let engine: RegistrationsEngine;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-engine-'));
    writeSyntheticDataset(dir);
    ds = await loadDataset(async (p) => new Uint8Array(readFileSync(join(dir, p))));
    engine = createEngine(ds);
  });
  afterAll(() => {
    engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts unfiltered: totals are the lifetime totals', () => {
    expect(engine.totals()).toEqual(ds.manifest.totals.registrations);
    expect(engine.lifetime()).toEqual(ds.manifest.totals.registrations);
  });

  it('filters by hours and region, and leaves each view\'s own dimension unfiltered', () => {
    const c = ds.registrations.columns;
    const from = ds.manifest.hours.first + 100;
    const to = from + 300;
    const moscow = ds.manifest.dimensions.region.indexOf('RU-MOW');
    let calls = 0;
    const off = engine.subscribe(() => calls++);
    engine.setFilters({ hours: [from, to], regions: ['RU-MOW'] });
    off();
    expect(calls).toBe(1);
    const inHours = (i: number) => c.hour[i] >= from && c.hour[i] < to;
    expect(engine.totals()).toEqual(reference(ds, (i) => inHours(i) && c.region[i] === moscow).get('all'));
    const regions = reference(ds, inHours, (i) => ds.manifest.dimensions.region[c.region[i]]);
    expect(engine.byRegion().get('RU-SPE')).toEqual(regions.get('RU-SPE'));
    const sources = reference(ds, (i) => inHours(i) && c.region[i] === moscow, (i) => ds.manifest.dimensions.source[c.source[i]]);
    expect(Object.fromEntries(engine.bySource())).toEqual(Object.fromEntries(sources));
    // The series ignores the time filter but not the region.
    const daily = engine.series(24);
    const seriesTotal = daily.reduce((s, p) => s + p.counts.registered, 0);
    expect(seriesTotal).toBe(reference(ds, (i) => c.region[i] === moscow).get('all')!.registered);
    engine.setFilters({ hours: null, regions: [] });
    expect(engine.totals()).toEqual(ds.manifest.totals.registrations);
  });

  it('counts a time range with no other filter (its own fast loop) like the reference and like a filter that selects every value', () => {
    const c = ds.registrations.columns;
    const dims = ds.manifest.dimensions;
    const from = ds.manifest.hours.first + 30;
    const to = from + 24 * 9 + 7;
    const inHours = (i: number) => c.hour[i] >= from && c.hour[i] < to;
    engine.prepare();
    engine.setFilters({ hours: [from, to] });
    const fast = { totals: engine.totals(), regions: engine.byRegion(), sources: engine.bySource(), distance: engine.byDistance() };
    expect(fast.totals).toEqual(reference(ds, inHours).get('all'));
    const regions = reference(ds, inHours, (i) => dims.region[c.region[i]]);
    for (const [code, counts] of regions) expect(fast.regions.get(code)).toEqual(counts);
    expect(Object.fromEntries(fast.sources)).toEqual(Object.fromEntries(reference(ds, inHours, (i) => dims.source[c.source[i]])));
    expect(Object.fromEntries(fast.distance)).toEqual(Object.fromEntries(reference(ds, inHours, (i) => dims.distance[c.distance[i]])));
    // The regional views' numbers too: whole days from the daily running totals, ragged ends from the rows.
    const regional = engine.regional();
    expect(regional.recent.days).toBe(7);
    // Every source selected: the masked loops, which must agree with the fast ones.
    engine.setFilters({ sources: [...dims.source] });
    expect(engine.regional().regions).toEqual(regional.regions);
    expect(engine.totals()).toEqual(fast.totals);
    expect([...engine.byRegion()]).toEqual([...fast.regions]);
    expect([...engine.byDistance()]).toEqual([...fast.distance]);
    engine.setFilters({ hours: null, sources: [] });
  });

  it('lists every key and hour that occurs in the cube, and only those, under any filter', () => {
    // A cube without Saint Petersburg and with an hour missing now and then: the dictionary still lists both.
    const full = ds.registrations.columns;
    const dims = ds.manifest.dimensions;
    const spb = dims.region.indexOf('RU-SPE');
    const keep = (i: number) => full.region[i] !== spb && (full.hour[i] - ds.manifest.hours.first) % 50 !== 7;
    const columns = Object.fromEntries(Object.entries(full).map(([k, col]) => [k, col.filter((_, i) => keep(i))]));
    const sparse = createEngine({ ...ds, registrations: { rows: columns.hour.length, columns } });
    const occurring = (col: Int32Array, dict: string[]) => [...new Set(col)].map((k) => dict[k]).sort();
    const hours = [...new Set(columns.hour)].sort((a, b) => a - b);
    expect(hours.length).toBeLessThan(new Set(full.hour).size);
    for (const filter of [{}, { regions: ['RU-MOW'] }, { regions: [] }]) {
      sparse.setFilters(filter);
      expect([...sparse.byRegion().keys()].sort()).toEqual(occurring(columns.region, dims.region));
      expect(sparse.byRegion().has('RU-SPE')).toBe(false);
      expect([...sparse.bySource().keys()].sort()).toEqual(occurring(columns.source, dims.source));
      expect([...sparse.byDistance().keys()].sort()).toEqual(occurring(columns.distance, dims.distance));
      expect(sparse.series(1).map((p) => p.hour)).toEqual(hours);
    }
    // Back to no filter: the start-up numbers again, which are the sparse cube's sums.
    const sum = (stage: string) => columns[stage].reduce((a, b) => a + b, 0);
    expect(sparse.totals()).toEqual(Object.fromEntries(STAGES.map((st) => [st, sum(st)])));
    sparse.dispose();
  });

  it('bins the series by local day and week without losing registrations', () => {
    for (const bin of [1, 24, 168]) {
      const series = engine.series(bin);
      expect(series.reduce((s, p) => s + p.counts.future, 0)).toBe(ds.manifest.totals.registrations.future);
      for (let i = 1; i < series.length; i++) expect(series[i].hour - series[i - 1].hour).toBeGreaterThanOrEqual(bin);
    }
    // Moscow is UTC+3: local midnight is 21:00 UTC.
    expect(engine.series(24)[1].hour % 24).toBe(21);
  });

  it('counts a time range before the day index is built (one run of the hour-sorted cube) like the reference and like after it', () => {
    const fresh = createEngine({ ...ds, registrations: { ...ds.registrations } });
    const c = ds.registrations.columns;
    const from = ds.manifest.hours.first + 30;
    const to = from + 24 * 9 + 7;
    const read = () => ({ totals: fresh.totals(), regions: [...fresh.byRegion()], lifetime: fresh.lifetimeRegional() });
    fresh.setFilters({ hours: [from, to] });
    const before = read();
    expect(before.totals).toEqual(reference(ds, (i) => c.hour[i] >= from && c.hour[i] < to).get('all'));
    fresh.prepare();
    fresh.setFilters({ hours: null });
    fresh.setFilters({ hours: [from, to] });
    const after = read();
    expect(after.totals).toEqual(before.totals);
    expect(after.regions).toEqual(before.regions);
    // The lifetime figures (whole range and recent days by range) were computed before the index: same as a fresh one's after.
    const indexed = createEngine({ ...ds, registrations: { ...ds.registrations } });
    indexed.prepare();
    expect(before.lifetime).toEqual(indexed.lifetimeRegional());
    fresh.dispose();
    indexed.dispose();
  });

  it('gives the same numbers before the day index is built (the whole cube) as after (the daily roll-up)', () => {
    const fresh = createEngine({ ...ds, registrations: { ...ds.registrations } });
    const moscow = 'RU-MOW';
    const read = () => ({ totals: fresh.totals(), regions: [...fresh.byRegion()], sources: [...fresh.bySource()], distance: [...fresh.byDistance()] });
    fresh.setFilters({ sources: [ds.manifest.dimensions.source[0]] });
    const before = read();
    fresh.prepare();
    fresh.setFilters({ regions: [moscow] });
    fresh.setFilters({ regions: [] });
    expect(read()).toEqual(before);
    const expected = reference(ds, (i) => ds.registrations.columns.source[i] === 0).get('all');
    expect(before.totals).toEqual(expected);
    fresh.dispose();
  });
});
