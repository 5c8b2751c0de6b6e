/**
 * One pass over the registrations cube (its daily roll-up inside the range, see day-index.ts) that gives every regional view its numbers: per region, the stage counts,
 * the "available" supporters (future signatures living in a city with a headquarters or near one) and the
 * available supporters registered in the last complete days of the range, for the forecast.
 *
 * The region filter is deliberately not applied: the map shades every region (crossfilter semantics) and the
 * table applies the region filter by picking rows, so both views share one scan per filter change (memoized).
 */
import type { CoreData } from '../cube/dataset';
import { STAGES, type Stage } from '../cube/format';
import type { FilterState, StageCounts } from './types';
import { localDaysOf } from '../time/local-days';
import { dayIndex, segments } from './day-index';

/** Distance classes whose supporters are within reach of a headquarters. */
export const REACHABLE_DISTANCES = ['city', 'near'] as const;
/** How many complete days the forecast's daily rate is averaged over. */
export const RECENT_DAYS = 7;

export interface RegionTally {
  counts: StageCounts;
  /** `future` in distance classes city + near. */
  available: number;
  /** Registrations (the filter's stage) in distance classes city + near: what a headquarters marker is sized by. */
  reachable: number;
  /** `available` registered during the recent complete days (see `RegionalScan.recent`). */
  recentAvailable: number;
}

export interface RegionalScan {
  /** Region code → tally; every region of the dimension is present, even with zeros. */
  regions: Map<string, RegionTally>;
  /** Half-open hour range the numbers cover (the brush, or the whole cube). */
  range: [number, number];
  /** Half-open hour range of the recent complete days and how many days it spans (0 when the range is shorter than a day). */
  recent: { from: number; to: number; days: number };
}

/** The last `RECENT_DAYS` complete local days ending at or before `end` (hours since epoch, exclusive), within `start`. */
export function recentDays(start: number, end: number, timeZone: string): RegionalScan['recent'] {
  const calendar = localDaysOf(timeZone);
  const lastDay = calendar.dayOfHour(end);
  // Local days are 23 to 25 hours long: count whole ones by their starts, not by 24-hour steps.
  let days = 0;
  while (days < RECENT_DAYS && calendar.startHour(lastDay - days - 1) >= start) days++;
  return { from: calendar.startHour(lastDay - days), to: calendar.startHour(lastDay), days };
}

function emptyCounts(): StageCounts {
  return { registered: 0, phone: 0, email: 0, questionnaire: 0, future: 0 };
}

function allowed(dictionary: string[], chosen: string[]): Uint8Array {
  const mask = new Uint8Array(dictionary.length);
  dictionary.forEach((value, i) => (mask[i] = chosen.length === 0 || chosen.includes(value) ? 1 : 0));
  return mask;
}

function scan(dataset: CoreData, filters: FilterState): RegionalScan {
  const { manifest, registrations } = dataset;
  const dims = manifest.dimensions;
  const range: [number, number] = filters.hours ?? [manifest.hours.first, manifest.hours.last + 1];
  const recent = recentDays(range[0], range[1], manifest.campaign.timeZone);
  const sourceOk = allowed(dims.source, filters.sources);
  const distanceOk = allowed(dims.distance, filters.distance);
  const reach = new Uint8Array(dims.distance.length);
  dims.distance.forEach((d, i) => (reach[i] = (REACHABLE_DISTANCES as readonly string[]).includes(d) ? 1 : 0));

  const nRegions = dims.region.length;
  const nStages = STAGES.length;
  const counts = new Float64Array(nRegions * nStages);
  const available = new Float64Array(nRegions);
  const reachable = new Float64Array(nRegions);
  const recentAvailable = new Float64Array(nRegions);
  const index = dayIndex(registrations, manifest.campaign.timeZone, {
    region: nRegions,
    source: dims.source.length,
    distance: dims.distance.length
  });
  const stage = STAGES.indexOf(filters.stage);
  for (const seg of segments(index, range[0], range[1])) {
    const { region, source, distance, registered, phone, email, questionnaire, future } = seg.cols;
    const measure = [registered, phone, email, questionnaire, future][stage];
    // Unrolled over the five stages: this loop is the whole cost of a brush update for the regional views.
    for (let i = seg.start; i < seg.end; i++) {
      if (sourceOk[source[i]] === 0 || distanceOk[distance[i]] === 0) continue;
      const r = region[i];
      const base = r * nStages;
      counts[base] += registered[i];
      counts[base + 1] += phone[i];
      counts[base + 2] += email[i];
      counts[base + 3] += questionnaire[i];
      counts[base + 4] += future[i];
      if (reach[distance[i]] === 1) {
        available[r] += future[i];
        reachable[r] += measure[i];
      }
    }
  }
  for (const seg of segments(index, recent.from, recent.to)) {
    const { region, source, distance, future } = seg.cols;
    for (let i = seg.start; i < seg.end; i++) {
      if (sourceOk[source[i]] === 1 && distanceOk[distance[i]] === 1 && reach[distance[i]] === 1) recentAvailable[region[i]] += future[i];
    }
  }

  const regions = new Map<string, RegionTally>();
  dims.region.forEach((code, r) => {
    const tally = emptyCounts();
    STAGES.forEach((s: Stage, k) => (tally[s] = counts[r * nStages + k]));
    regions.set(code, { counts: tally, available: available[r], reachable: reachable[r], recentAvailable: recentAvailable[r] });
  });
  return { regions, range, recent };
}

function scanKey(filters: FilterState): string {
  return JSON.stringify([filters.hours, filters.sources, filters.distance, filters.stage]);
}

let last: { dataset: CoreData; key: string; result: RegionalScan } | null = null;

/** Memoized on the last (dataset, filters other than regions): the map and the table share one pass per change. */
export function regionalScan(dataset: CoreData, filters: FilterState): RegionalScan {
  const key = scanKey(filters);
  if (last && last.dataset === dataset && last.key === key) return last.result;
  const result = scan(dataset, filters);
  last = { dataset, key, result };
  return result;
}
