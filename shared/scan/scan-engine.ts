/**
 * The linked-view engine: a direct scan of the registrations cube in hour order (see day-index.ts) instead of
 * crossfilter. The cube is sorted by hour, so the time filter is two binary searches, and whole days inside the
 * range are read from the daily roll-up; a 14-day brush reads some 15,000 rows whatever the cube's size, and
 * one pass gives the totals and all three breakdowns at once. Nothing is sorted or indexed per dimension at
 * load, which was most of crossfilter's start-up cost (about half a second at a million rows); even the day
 * index waits until the brush first needs it.
 *
 * `setFilters` only records the filters; the numbers are computed by the first view that asks, once per change.
 * The unfiltered numbers and hourly sums are computed at start-up (the first paint shows them) and kept, so
 * clearing the filters costs no pass over the cube.
 */
import type { CoreData } from '../cube/dataset';
import { STAGES } from '../cube/format';
import { binStarts } from '../time/bins';
import { localDaysOf } from '../time/local-days';
import { dayIndex, segments, type DayIndex, type RollupColumns, type Segment } from './day-index';
import type { FilterState, RegistrationsEngine, SeriesPoint, StageCounts } from './types';

export const DEFAULT_FILTERS: FilterState = { hours: null, regions: [], sources: [], distance: [], stage: 'registered' };

const N_STAGES = STAGES.length;

export function zeroCounts(): StageCounts {
  return { registered: 0, phone: 0, email: 0, questionnaire: 0, future: 0 };
}

/** Stage counts from slot `at` of a flat array of five-stage tallies. */
function countsAt(sums: Float64Array, at: number): StageCounts {
  const base = at * N_STAGES;
  return { registered: sums[base], phone: sums[base + 1], email: sums[base + 2], questionnaire: sums[base + 3], future: sums[base + 4] };
}

/** A 1/0 lookup by dictionary index (all 1 when nothing is selected), so a filter is one array read per row. */
function allowed(dictionary: string[], selected: string[]): Uint8Array {
  const m = new Uint8Array(dictionary.length).fill(selected.length === 0 ? 1 : 0);
  for (const code of selected) {
    const i = dictionary.indexOf(code);
    if (i >= 0) m[i] = 1;
  }
  return m;
}

/** The first hour and the number of hours the cube spans. */
function hourRange(hours: Int32Array): { first: number; nHours: number } {
  if (hours.length === 0) return { first: 0, nHours: 0 };
  let min = hours[0];
  let max = hours[0];
  for (let i = 1; i < hours.length; i++) {
    const h = hours[i];
    if (h < min) min = h;
    else if (h > max) max = h;
  }
  return { first: min, nHours: max - min + 1 };
}

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

interface Breakdown {
  totals: Float64Array;
  region: Float64Array;
  source: Float64Array;
  distance: Float64Array;
}

interface Masks {
  region: Uint8Array;
  source: Uint8Array;
  distance: Uint8Array;
  /** No categorical filter: every mask is all ones. */
  none: boolean;
}

/**
 * Totals and the three breakdowns over an hour range in one pass; each breakdown ignores its own dimension's
 * filter (crossfilter semantics), so a bar chart greys the other bars rather than dropping them.
 */
function breakdown(rows: Segment[], masks: Masks, sizes: { region: number; source: number; distance: number }): Breakdown {
  const out: Breakdown = {
    totals: new Float64Array(N_STAGES),
    region: new Float64Array(sizes.region * N_STAGES),
    source: new Float64Array(sizes.source * N_STAGES),
    distance: new Float64Array(sizes.distance * N_STAGES)
  };
  if (masks.none) {
    unfiltered(rows, out);
    return out;
  }
  // The four tallies are written out rather than shared through a helper: this loop is the brush's hot path,
  // and a call per tally per row cost more than the scan itself.
  const { totals, region: byRegion, source: bySource, distance: byDistance } = out;
  for (const seg of rows) {
    const { region, source, distance, registered, phone, email, questionnaire, future } = seg.cols;
    for (let i = seg.start; i < seg.end; i++) {
      const r = region[i];
      const s = source[i];
      const d = distance[i];
      const rOk = masks.region[r];
      const sOk = masks.source[s];
      const dOk = masks.distance[d];
      if (rOk + sOk + dOk < 2) continue;
      const v0 = registered[i];
      const v1 = phone[i];
      const v2 = email[i];
      const v3 = questionnaire[i];
      const v4 = future[i];
      if (sOk & dOk) {
        const b = r * N_STAGES;
        byRegion[b] += v0;
        byRegion[b + 1] += v1;
        byRegion[b + 2] += v2;
        byRegion[b + 3] += v3;
        byRegion[b + 4] += v4;
      }
      if (rOk & dOk) {
        const b = s * N_STAGES;
        bySource[b] += v0;
        bySource[b + 1] += v1;
        bySource[b + 2] += v2;
        bySource[b + 3] += v3;
        bySource[b + 4] += v4;
      }
      if (rOk & sOk) {
        const b = d * N_STAGES;
        byDistance[b] += v0;
        byDistance[b + 1] += v1;
        byDistance[b + 2] += v2;
        byDistance[b + 3] += v3;
        byDistance[b + 4] += v4;
      }
      if (rOk & sOk & dOk) {
        totals[0] += v0;
        totals[1] += v1;
        totals[2] += v2;
        totals[3] += v3;
        totals[4] += v4;
      }
    }
  }
  return out;
}

/**
 * `breakdown` without a categorical filter, the usual case while a brush moves: every row counts in every
 * tally, so the loop has no mask reads or branches and runs about twice as fast. Unrolled like `breakdown`, for
 * the same reason.
 */
function unfiltered(rows: Segment[], out: Breakdown): void {
  const { totals, region: byRegion, source: bySource, distance: byDistance } = out;
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  let t4 = 0;
  for (const seg of rows) {
    const { region, source, distance, registered, phone, email, questionnaire, future } = seg.cols;
    for (let i = seg.start; i < seg.end; i++) {
      const v0 = registered[i];
      const v1 = phone[i];
      const v2 = email[i];
      const v3 = questionnaire[i];
      const v4 = future[i];
      t0 += v0;
      t1 += v1;
      t2 += v2;
      t3 += v3;
      t4 += v4;
      let b = region[i] * N_STAGES;
      byRegion[b] += v0;
      byRegion[b + 1] += v1;
      byRegion[b + 2] += v2;
      byRegion[b + 3] += v3;
      byRegion[b + 4] += v4;
      b = source[i] * N_STAGES;
      bySource[b] += v0;
      bySource[b + 1] += v1;
      bySource[b + 2] += v2;
      bySource[b + 3] += v3;
      bySource[b + 4] += v4;
      b = distance[i] * N_STAGES;
      byDistance[b] += v0;
      byDistance[b + 1] += v1;
      byDistance[b + 2] += v2;
      byDistance[b + 3] += v3;
      byDistance[b + 4] += v4;
    }
  }
  totals[0] = t0;
  totals[1] = t1;
  totals[2] = t2;
  totals[3] = t3;
  totals[4] = t4;
}

/** Hourly stage sums under the categorical filters (the series ignores the time filter), by hour − `first`. */
function hourlySums(cols: RollupColumns, hours: Int32Array, first: number, nHours: number, masks: Masks): Float64Array {
  const sums = new Float64Array(nHours * N_STAGES);
  const { region, source, distance, registered, phone, email, questionnaire, future } = cols;
  for (let i = 0; i < hours.length; i++) {
    if ((masks.region[region[i]] & masks.source[source[i]] & masks.distance[distance[i]]) === 0) continue;
    const base = (hours[i] - first) * N_STAGES;
    sums[base] += registered[i];
    sums[base + 1] += phone[i];
    sums[base + 2] += email[i];
    sums[base + 3] += questionnaire[i];
    sums[base + 4] += future[i];
  }
  return sums;
}

export function createEngine(dataset: CoreData): RegistrationsEngine {
  const { registrations: table, manifest } = dataset;
  const dims = manifest.dimensions;
  const sizes = { region: dims.region.length, source: dims.source.length, distance: dims.distance.length };
  const { hour, region, source, distance, registered, phone, email, questionnaire, future } = table.columns;
  // The whole cube as one run of rows: what the unfiltered page reads, in any row order.
  const whole: Segment = { cols: { region, source, distance, registered, phone, email, questionnaire, future }, start: 0, end: table.rows };
  // The day index (some 65 ms at the demo's 677k rows) serves time-filtered queries only: built when the first
  // one comes, or ahead of it by `prepare`, which the page calls once it has painted.
  let index: DayIndex | null = null;
  const indexed = (): DayIndex => (index ??= dayIndex(table, manifest.campaign.timeZone, sizes));
  // What the unfiltered page shows, computed once: the first paint needs both, and clearing the filters
  // returns to them without another pass over the cube.
  const masksFor = (f: FilterState): Masks => ({
    region: allowed(dims.region, f.regions),
    source: allowed(dims.source, f.sources),
    distance: allowed(dims.distance, f.distance),
    none: f.regions.length + f.sources.length + f.distance.length === 0
  });
  const { first, nHours } = hourRange(hour);
  const noFilter = masksFor(DEFAULT_FILTERS);
  const opening = breakdown([whole], noFilter, sizes);
  const openingHourly = hourlySums(whole.cols, hour, first, nHours, noFilter);
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
  // Computed on first use after a change: a brush move drops only `current`; the hourly sums and binned
  // series survive it, since they ignore the time filter.
  let current: Breakdown | null = opening;
  let hourly: Float64Array | null = openingHourly;
  let seriesCache = new Map<number, SeriesPoint[]>();

  const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

  /** The rows a query reads: by the day index once there is one (far fewer over long ranges), else the whole cube. */
  function rowsFor(hours: [number, number] | null): Segment[] {
    if (hours) return segments(indexed(), hours[0], hours[1]);
    return index ? segments(index, first, first + nHours) : [whole];
  }

  function numbers(): Breakdown {
    current ??= !filters.hours && masks.none ? opening : breakdown(rowsFor(filters.hours), masks, sizes);
    return current;
  }

  function toMap(sums: Float64Array, present: number[], dictionary: string[]): Map<string, StageCounts> {
    return new Map(present.map((k) => [dictionary[k], countsAt(sums, k)]));
  }

  return {
    dataset,
    getFilters: () => filters,
    setFilters(patch) {
      const next: FilterState = { ...filters, ...patch };
      const categorical =
        (patch.regions !== undefined && !sameList(patch.regions, filters.regions)) ||
        (patch.sources !== undefined && !sameList(patch.sources, filters.sources)) ||
        (patch.distance !== undefined && !sameList(patch.distance, filters.distance));
      if (categorical) {
        masks = masksFor(next);
        hourly = masks.none ? openingHourly : null;
        seriesCache = new Map();
      }
      if (categorical || patch.hours !== undefined) current = null;
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
      hourly ??= hourlySums(whole.cols, hour, first, nHours, masks);
      let starts = binTables.get(binHours);
      if (!starts) binTables.set(binHours, (starts = binStarts(first, nHours, binHours, days)));
      const out: SeriesPoint[] = [];
      let point: SeriesPoint | null = null;
      for (const k of hourKeys) {
        const start = starts[k];
        if (!point || point.hour !== start) {
          point = { hour: start, counts: zeroCounts() };
          out.push(point);
        }
        const base = k * N_STAGES;
        STAGES.forEach((s, j) => (point!.counts[s] += hourly![base + j]));
      }
      seriesCache.set(binHours, out);
      return out;
    },
    byRegion: () => toMap(numbers().region, keys.region, dims.region),
    bySource: () => toMap(numbers().source, keys.source, dims.source),
    byDistance: () => toMap(numbers().distance, keys.distance, dims.distance),
    prepare() {
      indexed();
    },
    dispose() {
      listeners.clear();
    }
  };
}
