/**
 * The linked-view engine over crossfilter2. Records are row indexes into the registrations cube's typed
 * columns (no per-row objects), dimensions read those columns, and every group reduces all five stage
 * measures at once, so switching the displayed stage costs nothing and a brush move only touches the rows
 * that enter or leave the range (crossfilter's incremental reduce).
 */
import crossfilter from 'crossfilter2';
import type { Dataset } from '../cube/dataset';
import { STAGES, type Stage } from '../cube/format';
import { binStart, timeZoneOffsetHours } from '../metrics/bins';
import type { FilterState, RegistrationsEngine, SeriesPoint, StageCounts } from './types';

export const DEFAULT_FILTERS: FilterState = { hours: null, regions: [], sources: [], distance: [], stage: 'registered' };

export function zeroCounts(): StageCounts {
  return { registered: 0, phone: 0, email: 0, questionnaire: 0, future: 0 };
}

type Columns = Record<Stage, Int32Array>;

function stageReducers(cols: Columns) {
  const [reg, phone, email, quest, future] = STAGES.map((s) => cols[s]);
  return {
    add: (p: StageCounts, i: number): StageCounts => {
      p.registered += reg[i];
      p.phone += phone[i];
      p.email += email[i];
      p.questionnaire += quest[i];
      p.future += future[i];
      return p;
    },
    remove: (p: StageCounts, i: number): StageCounts => {
      p.registered -= reg[i];
      p.phone -= phone[i];
      p.email -= email[i];
      p.questionnaire -= quest[i];
      p.future -= future[i];
      return p;
    },
    init: zeroCounts
  };
}

const copy = (c: StageCounts): StageCounts => ({ ...c });

/** A 0/1 lookup by dictionary index, so a categorical filter is one array read per row. */
function mask(dictionary: string[], selected: string[]): Uint8Array | null {
  if (selected.length === 0) return null;
  const m = new Uint8Array(dictionary.length);
  for (const code of selected) {
    const i = dictionary.indexOf(code);
    if (i >= 0) m[i] = 1;
  }
  return m;
}

export function createEngine(dataset: Dataset): RegistrationsEngine {
  const { registrations: table, manifest } = dataset;
  const cols = Object.fromEntries(STAGES.map((s) => [s, table.columns[s]])) as Columns;
  const { hour, region, source, distance } = table.columns;
  const records = new Array<number>(table.rows);
  for (let i = 0; i < table.rows; i++) records[i] = i;
  const cf = crossfilter(records);
  const r = stageReducers(cols);

  const hourDim = cf.dimension((i) => hour[i]);
  const regionDim = cf.dimension((i) => region[i]);
  const sourceDim = cf.dimension((i) => source[i]);
  const distanceDim = cf.dimension((i) => distance[i]);
  const all = cf.groupAll<StageCounts>().reduce(r.add, r.remove, r.init);
  const byHour = hourDim.group<number, StageCounts>().reduce(r.add, r.remove, r.init);
  const byRegionIdx = regionDim.group<number, StageCounts>().reduce(r.add, r.remove, r.init);
  const bySourceIdx = sourceDim.group<number, StageCounts>().reduce(r.add, r.remove, r.init);
  const byDistanceIdx = distanceDim.group<number, StageCounts>().reduce(r.add, r.remove, r.init);

  const lifetimeCounts = zeroCounts();
  for (const s of STAGES) lifetimeCounts[s] = manifest.totals.registrations[s];
  const offset = timeZoneOffsetHours(manifest.campaign.timeZone, manifest.hours.first * 3_600_000);
  const dims = manifest.dimensions;

  let filters: FilterState = { ...DEFAULT_FILTERS };
  const listeners = new Set<(f: FilterState) => void>();
  // The series ignores the time filter, so it only changes when another filter does: cache it per bin.
  let seriesCache = new Map<number, SeriesPoint[]>();

  function applyCategorical(dim: typeof regionDim, dictionary: string[], selected: string[]) {
    const m = mask(dictionary, selected);
    if (m) dim.filterFunction((v) => m[v as number] === 1);
    else dim.filterAll();
  }

  const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

  function toMap(group: typeof byRegionIdx, dictionary: string[]): Map<string, StageCounts> {
    const out = new Map<string, StageCounts>();
    for (const { key, value } of group.all()) out.set(dictionary[key as number], copy(value));
    return out;
  }

  return {
    dataset,
    getFilters: () => filters,
    setFilters(patch) {
      const next: FilterState = { ...filters, ...patch };
      if (patch.hours !== undefined) {
        const h = next.hours;
        if (h) hourDim.filterRange([h[0], h[1]]);
        else hourDim.filterAll();
      }
      let othersChanged = false;
      if (patch.regions && !sameList(patch.regions, filters.regions)) {
        applyCategorical(regionDim, dims.region, next.regions);
        othersChanged = true;
      }
      if (patch.sources && !sameList(patch.sources, filters.sources)) {
        applyCategorical(sourceDim, dims.source, next.sources);
        othersChanged = true;
      }
      if (patch.distance && !sameList(patch.distance, filters.distance)) {
        applyCategorical(distanceDim, dims.distance, next.distance);
        othersChanged = true;
      }
      if (othersChanged) seriesCache = new Map();
      filters = next;
      for (const l of listeners) l(filters);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    totals: () => copy(all.value()),
    lifetime: () => copy(lifetimeCounts),
    series(binHours) {
      const cached = seriesCache.get(binHours);
      if (cached) return cached;
      const out: SeriesPoint[] = [];
      let current: SeriesPoint | null = null;
      for (const { key, value } of byHour.all()) {
        const start = binStart(key as number, binHours, offset);
        if (!current || current.hour !== start) {
          current = { hour: start, counts: zeroCounts() };
          out.push(current);
        }
        for (const s of STAGES) current.counts[s] += value[s];
      }
      seriesCache.set(binHours, out);
      return out;
    },
    byRegion: () => toMap(byRegionIdx, dims.region),
    bySource: () => toMap(bySourceIdx, dims.source),
    byDistance: () => toMap(byDistanceIdx, dims.distance),
    dispose() {
      listeners.clear();
      for (const d of [hourDim, regionDim, sourceDim, distanceDim]) d.dispose();
      cf.remove(() => true);
    }
  };
}
