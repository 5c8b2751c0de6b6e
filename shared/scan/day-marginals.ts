/**
 * Running totals, day by day, of what a brush move asks when no categorical filter is set (the usual drag):
 * five-stage sums by region split by whether the distance class is within reach of a headquarters now, by
 * source and by distance. The whole days inside a range are then the difference of two rows of these, whatever
 * the range's length, and only the ragged hours at its two ends are read row by row: a 14-day brush reads some
 * 2,000 cube rows and 500 sums instead of 13,000 daily and hourly rows. Built from the daily roll-up
 * (day-index.ts) in one pass; about 4 MB for 18 months of a campaign with 85 regions.
 */
import type { DayIndex } from './day-index';
import { STAGES } from '../cube/format';
import { N_STAGES } from './stage-counts';

const FUTURE = STAGES.indexOf('future');

export interface DayMarginals {
  /** Five-stage slots per day: region r within reach at 2r + 1, out of reach at 2r; then sources, then distances. */
  slots: number;
  sourceAt: number;
  distanceAt: number;
  /** (days + 1) rows of `slots` five-stage sums: row d sums the days before day d. */
  cumulative: Float64Array;
}

const cache = new WeakMap<DayIndex, DayMarginals>();

/** The running totals of a day index, built once per index (as the index is per cube) whatever the engines over it. */
export function dayMarginals(index: DayIndex, sizes: { region: number; source: number; distance: number }, reach: Uint8Array): DayMarginals {
  let marginals = cache.get(index);
  if (!marginals) cache.set(index, (marginals = build(index, sizes, reach)));
  return marginals;
}

function build(index: DayIndex, sizes: { region: number; source: number; distance: number }, reach: Uint8Array): DayMarginals {
  const sourceAt = 2 * sizes.region;
  const distanceAt = sourceAt + sizes.source;
  const slots = distanceAt + sizes.distance;
  const width = slots * N_STAGES;
  const nDays = index.dayStart.length - 1;
  const cumulative = new Float64Array((nDays + 1) * width);
  const { region, source, distance, registered, phone, email, questionnaire, future } = index.daily;
  const add = (b: number, i: number) => {
    cumulative[b] += registered[i];
    cumulative[b + 1] += phone[i];
    cumulative[b + 2] += email[i];
    cumulative[b + 3] += questionnaire[i];
    cumulative[b + 4] += future[i];
  };
  for (let day = 0; day < nDays; day++) {
    const row = (day + 1) * width;
    cumulative.copyWithin(row, row - width, row);
    // Each row adds to three slots: its region (within reach or not), its source and its distance.
    for (let i = index.dayStart[day]; i < index.dayStart[day + 1]; i++) {
      add(row + (2 * region[i] + reach[distance[i]]) * N_STAGES, i);
      add(row + (sourceAt + source[i]) * N_STAGES, i);
      add(row + (distanceAt + distance[i]) * N_STAGES, i);
    }
  }
  return { slots, sourceAt, distanceAt, cumulative };
}

/** Sums over days [from, to) of `count` slots from `first`, added to `out` from slot `at`. */
function addSlots(m: DayMarginals, [from, to]: [number, number], first: number, count: number, out: Float64Array, at = 0): void {
  const width = m.slots * N_STAGES;
  const hi = to * width + first * N_STAGES;
  const lo = from * width + first * N_STAGES;
  for (let j = 0; j < count * N_STAGES; j++) out[at * N_STAGES + j] += m.cumulative[hi + j] - m.cumulative[lo + j];
}

/** Adds the days [from, to) to the totals and the three breakdowns of an unfiltered range (see view-tallies.ts). */
export function addDayBreakdown(
  m: DayMarginals,
  days: [number, number],
  out: { totals: Float64Array; region: Float64Array; source: Float64Array; distance: Float64Array }
): void {
  if (days[0] >= days[1]) return;
  const nRegions = m.sourceAt / 2;
  const nSources = m.distanceAt - m.sourceAt;
  for (let r = 0; r < nRegions; r++) {
    addSlots(m, days, 2 * r, 1, out.region, r);
    addSlots(m, days, 2 * r + 1, 1, out.region, r);
  }
  addSlots(m, days, m.sourceAt, nSources, out.source);
  addSlots(m, days, m.distanceAt, m.slots - m.distanceAt, out.distance);
  // Every row has one source: the sources add up to the totals.
  for (let s = 0; s < nSources; s++) addSlots(m, days, m.sourceAt + s, 1, out.totals);
}

/**
 * Adds the days [from, to) to the regional tallies with no source or distance filter (see region-tallies.ts):
 * per region the five stages, `available` (future within reach) and `reachable` (stage `stage` within reach).
 */
export function addDayRegions(
  m: DayMarginals,
  days: [number, number],
  stage: number,
  out: { counts: Float64Array; available: Float64Array; reachable: Float64Array }
): void {
  if (days[0] >= days[1]) return;
  const width = m.slots * N_STAGES;
  const hi = days[1] * width;
  const lo = days[0] * width;
  for (let r = 0; r < m.sourceAt / 2; r++) {
    addSlots(m, days, 2 * r, 1, out.counts, r);
    addSlots(m, days, 2 * r + 1, 1, out.counts, r);
    const within = (2 * r + 1) * N_STAGES;
    out.available[r] += m.cumulative[hi + within + FUTURE] - m.cumulative[lo + within + FUTURE];
    out.reachable[r] += m.cumulative[hi + within + stage] - m.cumulative[lo + within + stage];
  }
}
