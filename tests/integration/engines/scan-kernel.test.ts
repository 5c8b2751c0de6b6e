/**
 * The scan kernel against a naive reference: random filter states, and every query the kernel serves (the
 * engine's views, its regional breakdown, the report's sums) compared with sums taken row by row over the cube.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../shared/cube/dataset.ts';
import { STAGES, type Stage } from '../../../shared/cube/format.ts';
import { cubeRows } from '../../../shared/scan/cube-rows.ts';
import { recentDays } from '../../../shared/scan/regional-query.ts';
import { createEngine } from '../../../shared/scan/scan-engine.ts';
import { localDaysOf } from '../../../shared/time/local-days.ts';
import type { FilterState, RegionTally } from '../../../shared/scan/types.ts';
import { CampaignCalendar } from '../../../data-pipeline/report/campaign-day.ts';
import { REPORT_STAGES, dayValue, sumRegistrations, toDateValue } from '../../../data-pipeline/report/cube-sums.ts';
import { Rng } from '../../../data-pipeline/demo/prng.ts';
import { loadSynthetic } from '../../support/load-synthetic.ts';

const REACHABLE = ['city', 'near'];
const zero = (): Record<Stage, number> => ({ registered: 0, phone: 0, email: 0, questionnaire: 0, future: 0 });

let ds: Dataset;
let rows: Row[];
beforeAll(async () => {
  ds = await loadSynthetic();
  rows = rowsOf(ds);
});

/** One row of the cube, decoded. */
interface Row {
  hour: number;
  regionIndex: number;
  region: string;
  source: string;
  distance: string;
  counts: Record<Stage, number>;
}

function rowsOf(data: Dataset): Row[] {
  const c = data.registrations.columns;
  const dims = data.manifest.dimensions;
  return Array.from({ length: data.registrations.rows }, (_, i) => ({
    hour: c.hour[i],
    regionIndex: c.region[i],
    region: dims.region[c.region[i]],
    source: dims.source[c.source[i]],
    distance: dims.distance[c.distance[i]],
    counts: Object.fromEntries(STAGES.map((s) => [s, c[s][i]])) as Record<Stage, number>
  }));
}

function add(into: Record<Stage, number>, from: Record<Stage, number>): void {
  for (const s of STAGES) into[s] += from[s];
}

function pick(rng: Rng, values: string[]): string[] {
  return rng.chance(0.5) ? [] : values.filter(() => rng.chance(0.4));
}

/** A random filter state: no range or one of any length, also past either end of the data; any subset of each dimension. */
function randomFilters(rng: Rng, data: Dataset): FilterState {
  const { first, last } = data.manifest.hours;
  const dims = data.manifest.dimensions;
  const from = first - 30 + rng.int(last - first + 60);
  const hours: [number, number] | null = rng.chance(0.2) ? null : [from, from + 1 + rng.int(rng.chance(0.5) ? 48 : 24 * 30)];
  return { hours, regions: pick(rng, dims.region), sources: pick(rng, dims.source), distance: pick(rng, dims.distance), stage: STAGES[rng.int(STAGES.length)] };
}

/** Whether a filter on `chosen` lets `value` through (nothing chosen: everything). */
function allows(chosen: string[]): (value: string) => boolean {
  const set = new Set(chosen);
  return (value) => set.size === 0 || set.has(value);
}

describe('scan kernel, differential against a row-by-row reference', () => {
  it('engine views: totals, the three breakdowns and the hourly series under random filters', () => {
    const engine = createEngine(ds);
    const rng = new Rng('kernel-views');
    const distinct = <T>(values: T[]) => [...new Set(values)];
    const occurring = {
      region: distinct(rows.map((r) => r.region)),
      source: distinct(rows.map((r) => r.source)),
      distance: distinct(rows.map((r) => r.distance)),
      hours: distinct(rows.map((r) => r.hour)).sort((a, b) => a - b)
    };
    for (let round = 0; round < 12; round++) {
      // Half the rounds before the day index exists (whole-cube reads), half after.
      if (round === 6) engine.prepare();
      const f = randomFilters(rng, ds);
      engine.setFilters(f);
      const inHours = (r: Row) => !f.hours || (r.hour >= f.hours[0] && r.hour < f.hours[1]);
      const [region, source, distance] = [allows(f.regions), allows(f.sources), allows(f.distance)];
      const ok = { region: (r: Row) => region(r.region), source: (r: Row) => source(r.source), distance: (r: Row) => distance(r.distance) };
      const totals = zero();
      // Every key that occurs in the cube is listed, with zeros where the filters leave nothing.
      const by = {
        region: new Map(occurring.region.map((k) => [k, zero()])),
        source: new Map(occurring.source.map((k) => [k, zero()])),
        distance: new Map(occurring.distance.map((k) => [k, zero()]))
      };
      const hourly = new Map(occurring.hours.map((h) => [h, zero()]));
      for (const r of rows) {
        if (ok.region(r) && ok.source(r) && ok.distance(r)) add(hourly.get(r.hour)!, r.counts);
        if (!inHours(r)) continue;
        if (ok.region(r) && ok.source(r) && ok.distance(r)) add(totals, r.counts);
        if (ok.source(r) && ok.distance(r)) add(by.region.get(r.region)!, r.counts);
        if (ok.region(r) && ok.distance(r)) add(by.source.get(r.source)!, r.counts);
        if (ok.region(r) && ok.source(r)) add(by.distance.get(r.distance)!, r.counts);
      }
      const label = JSON.stringify(f);
      expect(engine.totals(), label).toEqual(totals);
      expect(Object.fromEntries(engine.byRegion()), label).toEqual(Object.fromEntries(by.region));
      expect(Object.fromEntries(engine.bySource()), label).toEqual(Object.fromEntries(by.source));
      expect(Object.fromEntries(engine.byDistance()), label).toEqual(Object.fromEntries(by.distance));
      // Flattened to numbers: a deep comparison of a thousand point objects per round costs seconds.
      const flat = (points: Iterable<[number, Record<Stage, number>]>) => Float64Array.from([...points].flatMap(([h, c]) => [h, ...STAGES.map((st) => c[st])]));
      expect(flat(engine.series(1).map((p) => [p.hour, p.counts])), label).toEqual(flat(hourly));
    }
    engine.dispose();
  });

  it('engine regional breakdown: per-region counts, available, reachable and recent available under random filters', () => {
    const { manifest } = ds;
    const engine = createEngine(ds);
    const rng = new Rng('kernel-regional');
    for (let round = 0; round < 12; round++) {
      const f = randomFilters(rng, ds);
      engine.setFilters(f);
      const range: [number, number] = f.hours ?? [manifest.hours.first, manifest.hours.last + 1];
      const recent = recentDays(range[0], range[1], manifest.campaign.timeZone);
      const expected = new Map<string, RegionTally>(manifest.dimensions.region.map((code) => [code, { counts: zero(), available: 0, reachable: 0, recentAvailable: new Array<number>(recent.days).fill(0) }]));
      const days = localDaysOf(manifest.campaign.timeZone);
      const [source, distance] = [allows(f.sources), allows(f.distance)];
      for (const r of rows) {
        // The region filter is the views' to apply: the breakdown covers every region.
        if (!source(r.source) || !distance(r.distance)) continue;
        const tally = expected.get(r.region)!;
        const reachable = REACHABLE.includes(r.distance);
        if (r.hour >= range[0] && r.hour < range[1]) {
          add(tally.counts, r.counts);
          if (reachable) {
            tally.available += r.counts.future;
            tally.reachable += r.counts[f.stage];
          }
        }
        if (reachable && r.hour >= recent.from && r.hour < recent.to) tally.recentAvailable[days.dayOfHour(r.hour) - days.dayOfHour(recent.from)] += r.counts.future;
      }
      const scan = engine.regional();
      const label = JSON.stringify(f);
      expect(scan.range, label).toEqual(range);
      expect(scan.recent, label).toEqual(recent);
      expect(Object.fromEntries(scan.regions), label).toEqual(Object.fromEntries(expected));
    }
    engine.dispose();
  });

  it('report sums: per day and region, to date and hourly, for random report dates', () => {
    const { manifest } = ds;
    const regions = manifest.dimensions.region;
    const calendar = new CampaignCalendar(manifest.campaign.timeZone);
    const cube = cubeRows(ds);
    const rng = new Rng('kernel-report');
    const firstDate = new Date(manifest.hours.first * 3_600_000).toISOString().slice(0, 10);
    const hourly = new Float64Array(manifest.hours.last - manifest.hours.first + 1);
    for (const r of rows) hourly[r.hour - manifest.hours.first] += r.counts.registered;
    for (let round = 0; round < 6; round++) {
      // From a few days before the data to a few days after it.
      const date = new Date(Date.parse(firstDate) + (rng.int(60) - 5) * 86_400_000).toISOString().slice(0, 10);
      const days = calendar.daysEnding(date, 1 + rng.int(30));
      const end = days[days.length - 1].endHour;
      // Slot 0 is to date, slot d + 1 day d: [slot][region][report stage].
      const expected = new Float64Array((days.length + 1) * regions.length * REPORT_STAGES.length);
      const at = (slot: number, region: number, stage: number) => (slot * regions.length + region) * REPORT_STAGES.length + stage;
      for (const r of rows) {
        if (r.hour >= end) continue;
        const d = days.findIndex((day) => r.hour >= day.startHour && r.hour < day.endHour);
        REPORT_STAGES.forEach((stage, k) => {
          const v = stage === 'available' ? (REACHABLE.includes(r.distance) ? r.counts.future : 0) : r.counts[stage];
          expected[at(0, r.regionIndex, k)] += v;
          if (d >= 0) expected[at(d + 1, r.regionIndex, k)] += v;
        });
      }
      const sums = sumRegistrations(cube, manifest, days);
      const actual = new Float64Array(expected.length);
      regions.forEach((_, region) =>
        REPORT_STAGES.forEach((stage, k) => {
          actual[at(0, region, k)] = toDateValue(sums, stage, [region]);
          days.forEach((_, d) => (actual[at(d + 1, region, k)] = dayValue(sums, d, stage, [region])));
        })
      );
      expect(actual, date).toEqual(expected);
      expect(sums.hourly).toEqual({ firstHour: manifest.hours.first, registered: hourly });
    }
  });
});
