/**
 * The regional row loop: per region, the five stage counts, the available supporters (future signatures within
 * reach of a headquarters) and the reachable registrations in one measure (what a headquarters marker is sized
 * by). The region filter is not read: the map shades every region and the table picks its rows itself.
 */
import type { CubeRows } from './cube-rows';
import { addDayRegions } from './day-marginals';
import type { Segment } from './day-index';
import type { Masks } from './filter-masks';
import { N_STAGES } from './stage-counts';

export interface RegionSums {
  /** Five-stage slots by region index. */
  counts: Float64Array;
  available: Float64Array;
  reachable: Float64Array;
}

/** `reach` is 1 for the distance classes within reach; `stage` the index (in STAGES) of the reachable measure. */
export function regionTallies(rows: Segment[], masks: Masks, reach: Uint8Array, stage: number, nRegions: number): RegionSums {
  const counts = new Float64Array(nRegions * N_STAGES);
  const available = new Float64Array(nRegions);
  const reachable = new Float64Array(nRegions);
  const sourceOk = masks.source;
  const distanceOk = masks.distance;
  for (const seg of rows) {
    const { region, source, distance, registered, phone, email, questionnaire, future } = seg.cols;
    const measure = [registered, phone, email, questionnaire, future][stage];
    // Unrolled over the five stages: this loop is the whole cost of a brush update for the regional views.
    for (let i = seg.start; i < seg.end; i++) {
      if (sourceOk[source[i]] === 0 || distanceOk[distance[i]] === 0) continue;
      const r = region[i];
      const base = r * N_STAGES;
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
  return { counts, available, reachable };
}

/**
 * `regionTallies` over an hour range. With no source or distance filter (`open`, as while a brush is dragged),
 * the whole days inside it come from the daily running totals and only its ragged ends are read row by row.
 */
export function regionTalliesOver(cube: CubeRows, range: [number, number], masks: Masks, reach: Uint8Array, stage: number, open: boolean): RegionSums {
  if (!open) return regionTallies(cube.rows(range), masks, reach, stage, cube.sizes.region);
  const { hours, days, marginals } = cube.split(range);
  const out = regionTallies(hours, masks, reach, stage, cube.sizes.region);
  addDayRegions(marginals, days, stage, out);
  return out;
}

/** Only `available` of `regionTallies`: the forecast's recent days need nothing else, and the brush pays for them too. */
export function regionAvailable(rows: Segment[], masks: Masks, reach: Uint8Array, nRegions: number): Float64Array {
  const available = new Float64Array(nRegions);
  for (const seg of rows) {
    const { region, source, distance, future } = seg.cols;
    for (let i = seg.start; i < seg.end; i++) {
      if (masks.source[source[i]] === 1 && masks.distance[distance[i]] === 1 && reach[distance[i]] === 1) available[region[i]] += future[i];
    }
  }
  return available;
}
