/**
 * The linked-view engine: the coordinator every view queries through. It owns the filters and runs the scan
 * kernel's queries over the hour-sorted cube (cube-rows.ts, day-index.ts) instead of crossfilter: the time
 * filter is two binary searches, whole days inside the range are read from the daily roll-up, so a 14-day brush
 * reads some 15,000 rows whatever the cube's size, and one pass gives the totals and all three breakdowns at
 * once (view-tallies.ts). Nothing is sorted or indexed per dimension at load, which was most of crossfilter's
 * start-up cost (about half a second at a million rows); even the day index waits until the brush first needs it.
 *
 * `setFilters` only records the filters; each query is computed by the first view that asks, once per change
 * it depends on. The unfiltered numbers and hourly sums are computed at start-up (the first paint shows them)
 * and kept, so clearing the filters costs no pass over the cube.
 */
import type { CoreData } from '../cube/dataset';
import { classThen } from '../cube/distance-codes';
import { STAGES } from '../cube/format';
import { binStarts } from '../time/bins';
import { localDaysOf } from '../time/local-days';
import { cubeRows } from './cube-rows';
import { masksFor } from './filter-masks';
import { hourlySums } from './hourly-sums';
import { groupHours } from './region-share';
import { regionalQuery } from './regional-query';
import { countsAt, N_STAGES, zeroCounts } from './stage-counts';
import type { FilterState, RegionalScan, RegistrationsEngine, SeriesPoint, SharePoint, StageCounts } from './types';
import { breakdown, breakdownOver, openingTallies, type Breakdown } from './view-tallies';

export const DEFAULT_FILTERS: FilterState = { hours: null, regions: [], sources: [], distance: [], stage: 'registered' };

/**
 * Slots of a flat five-stage tally that count anyone. Every cube row aggregates at least one registration, so a
 * key (or hour) occurs in the cube exactly when its unfiltered registered count is above zero: the start-up
 * passes that tallied anyway tell which keys to show, without a pass of their own per dimension.
 */
function counted(sums: Float64Array): number[] {
  const out: number[] = [];
  for (let k = 0; k * N_STAGES < sums.length; k++) if (sums[k * N_STAGES] > 0) out.push(k);
  return out;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export function createEngine(dataset: CoreData): RegistrationsEngine {
  const { manifest } = dataset;
  const dims = manifest.dimensions;
  const cube = cubeRows(dataset);
  const { first, nHours } = cube;
  // What the unfiltered page shows, computed once: the first paint needs both, and clearing the filters
  // returns to them without another pass over the cube.
  const noFilter = masksFor(dims, DEFAULT_FILTERS);
  const { breakdown: opening, hourly: openingHourly } = openingTallies(cube);
  const keys = { region: counted(opening.region), source: counted(opening.source), distance: counted(opening.distance) };
  // Hours that have rows: the series has a point for each, zero under a filter, like a group over the cube.
  const hourKeys = counted(openingHourly);

  const lifetimeCounts = zeroCounts();
  for (const s of STAGES) lifetimeCounts[s] = manifest.totals.registrations[s];
  const days = localDaysOf(manifest.campaign.timeZone);
  // Bin starts per hour of the cube, per bin size: they never change, whatever the filters.
  const binTables = new Map<number, Int32Array>();

  let filters: FilterState = { ...DEFAULT_FILTERS };
  let masks = noFilter;
  const listeners = new Set<(f: FilterState) => void>();
  // Computed on first use after a change: a brush move drops only `current` and `regional`; the hourly sums and
  // binned series survive it, since they ignore the time filter.
  let current: Breakdown | null = opening;
  let hourly: Float64Array | null = openingHourly;
  let seriesCache = new Map<number, SeriesPoint[]>();
  let shareCache = new Map<string, SharePoint[]>();
  let regional: RegionalScan | null = null;
  let lifetimeRegional: RegionalScan | null = null;

  function binsOf(binHours: number): Int32Array {
    let starts = binTables.get(binHours);
    if (!starts) binTables.set(binHours, (starts = binStarts(first, nHours, binHours, days)));
    return starts;
  }

  function numbers(): Breakdown {
    current ??= filters.hours ? breakdownOver(cube, filters.hours, masks) : masks.none ? opening : breakdown(cube.rows(null), masks, cube.sizes);
    return current;
  }

  /** Dictionary entries with the same key are added up: the distance codes fold into their class at registration. */
  function toMap(sums: Float64Array, present: number[], keyOf: (k: number) => string): Map<string, StageCounts> {
    const out = new Map<string, StageCounts>();
    for (const k of present) {
      const key = keyOf(k);
      const counts = countsAt(sums, k);
      const before = out.get(key);
      if (before) for (const s of STAGES) before[s] += counts[s];
      else out.set(key, counts);
    }
    return out;
  }

  return {
    dataset,
    getFilters: () => filters,
    setFilters(patch) {
      const next: FilterState = { ...filters, ...patch };
      const changed = (key: 'regions' | 'sources' | 'distance'): boolean => {
        const list = patch[key];
        return list !== undefined && !sameList(list, filters[key]);
      };
      const categorical = changed('regions') || changed('sources') || changed('distance');
      if (categorical) {
        masks = masksFor(dims, next);
        hourly = masks.none ? openingHourly : null;
        seriesCache = new Map();
        shareCache = new Map();
      }
      if (categorical || patch.hours !== undefined) current = null;
      // The regional breakdown leaves the region filter to the views, and sizes its markers by the stage.
      if (changed('sources') || changed('distance') || patch.hours !== undefined || next.stage !== filters.stage) regional = null;
      filters = next;
      for (const l of listeners) l(filters);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    totals: () => countsAt(numbers().totals, 0),
    lifetime: () => ({ ...lifetimeCounts }),
    series(binHours) {
      const cached = seriesCache.get(binHours);
      if (cached) return cached;
      const sums = (hourly ??= hourlySums(cube, first, nHours, masks));
      const starts = binsOf(binHours);
      const out: SeriesPoint[] = [];
      let point: SeriesPoint | null = null;
      for (const k of hourKeys) {
        const start = starts[k];
        if (!point || point.hour !== start) {
          point = { hour: start, counts: zeroCounts() };
          out.push(point);
        }
        const base = k * N_STAGES;
        STAGES.forEach((s, j) => (point!.counts[s] += sums[base + j]));
      }
      seriesCache.set(binHours, out);
      return out;
    },
    regionShare(regions, binHours) {
      const key = `${binHours}:${regions.join(',')}`;
      const cached = shareCache.get(key);
      if (cached) return cached;
      const { group, all } = groupHours(cube, masks, Uint8Array.from(dims.region, (code) => (regions.includes(code) ? 1 : 0)));
      const starts = binsOf(binHours);
      const out: SharePoint[] = [];
      for (const k of hourKeys) {
        const hour = starts[k];
        if (out.length === 0 || out[out.length - 1].hour !== hour) out.push({ hour, group: 0, all: 0 });
        out[out.length - 1].group += group[k];
        out[out.length - 1].all += all[k];
      }
      shareCache.set(key, out);
      return out;
    },
    byRegion: () => toMap(numbers().region, keys.region, (k) => dims.region[k]),
    bySource: () => toMap(numbers().source, keys.source, (k) => dims.source[k]),
    byDistance: () => toMap(numbers().distance, keys.distance, (k) => classThen(dims.distance[k])),
    regional: () => (regional ??= regionalQuery(cube, manifest, filters)),
    lifetimeRegional: () => (lifetimeRegional ??= regionalQuery(cube, manifest, DEFAULT_FILTERS)),
    prepare() {
      cube.prepare();
    },
    dispose() {
      listeners.clear();
    }
  };
}
