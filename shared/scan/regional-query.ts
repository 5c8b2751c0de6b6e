/**
 * The regional breakdown every regional view reads (the map, the readiness table, the report's readiness):
 * per region, the stage counts, the available and reachable supporters over the time range, and the available
 * supporters registered in the last complete days of the range, for the forecast. Filtered by time, source and
 * distance; the region filter is left to the views (see region-tallies.ts).
 */
import type { Manifest } from '../cube/format';
import { STAGES } from '../cube/format';
import { localDaysOf } from '../time/local-days';
import type { CubeRows } from './cube-rows';
import { masksFor, reachMask } from './filter-masks';
import { regionAvailable, regionTalliesOver } from './region-tallies';
import { countsAt } from './stage-counts';
import type { FilterState, RegionalScan, RegionTally } from './types';

/** How many complete days the forecast's daily rate is averaged over. */
export const RECENT_DAYS = 7;

/** The last `RECENT_DAYS` complete local days ending at or before `end` (hours since epoch, exclusive), within `start`. */
export function recentDays(start: number, end: number, timeZone: string): RegionalScan['recent'] {
  const calendar = localDaysOf(timeZone);
  const lastDay = calendar.dayOfHour(end);
  // Local days are 23 to 25 hours long: count whole ones by their starts, not by 24-hour steps.
  let days = 0;
  while (days < RECENT_DAYS && calendar.startHour(lastDay - days - 1) >= start) days++;
  return { from: calendar.startHour(lastDay - days), to: calendar.startHour(lastDay), days };
}

export function regionalQuery(cube: CubeRows, manifest: Manifest, filters: FilterState): RegionalScan {
  const dims = manifest.dimensions;
  const range: [number, number] = filters.hours ?? [manifest.hours.first, manifest.hours.last + 1];
  const recent = recentDays(range[0], range[1], manifest.campaign.timeZone);
  const masks = masksFor(dims, filters);
  const reach = reachMask(dims.distance);
  const stage = STAGES.indexOf(filters.stage);
  // No source or distance filter: whole days are read from the daily running totals (day-marginals.ts).
  const open = filters.sources.length + filters.distance.length === 0;
  const now = regionTalliesOver(cube, range, masks, reach, stage, open);
  const calendar = localDaysOf(manifest.campaign.timeZone);
  const firstRecent = calendar.dayOfHour(recent.from);
  // Day by day, so the forecast sees the spread of the days and not only their sum; the rows read are the same.
  const lately = Array.from({ length: recent.days }, (_, d) => {
    const day: [number, number] = [calendar.startHour(firstRecent + d), calendar.startHour(firstRecent + d + 1)];
    return open ? regionTalliesOver(cube, day, masks, reach, stage, true).available : regionAvailable(cube.rows(day), masks, reach, cube.sizes.region);
  });
  const regions = new Map<string, RegionTally>();
  dims.region.forEach((code, r) =>
    regions.set(code, {
      counts: countsAt(now.counts, r),
      available: now.available[r],
      reachable: now.reachable[r],
      recentAvailable: lately.map((day) => day[r])
    })
  );
  return { regions, range, recent };
}
