/**
 * Every sum the report needs, through the dashboard's scan kernel: per day × region × report stage for the days
 * the report looks at, per region to date, and the campaign-wide hourly series (event lift). Each day is one
 * query over the cube's daily roll-up, so the demo's million rows are read about once; everything after this
 * works on a few thousand numbers.
 */
import { STAGES, type Manifest } from '../../shared/cube/format.ts';
import type { CubeRows } from '../../shared/scan/cube-rows.ts';
import { masksFor, reachMask } from '../../shared/scan/filter-masks.ts';
import { hourlySums } from '../../shared/scan/hourly-sums.ts';
import { regionTallies } from '../../shared/scan/region-tallies.ts';
import { DEFAULT_FILTERS } from '../../shared/scan/scan-engine.ts';
import { N_STAGES } from '../../shared/scan/stage-counts.ts';
import type { CampaignDay } from './campaign-day.ts';

/** The report's stages. `available` = future signatures living in a city with a headquarters or near one. */
export const REPORT_STAGES = ['registered', 'phone', 'future', 'available'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];
export const REPORT_STAGE_LABELS: Record<ReportStage, string> = {
  registered: 'Registered',
  phone: 'Phone confirmed',
  future: 'Future signatures',
  available: 'Available (HQ in or near the city)'
};
const S = REPORT_STAGES.length;

export interface CubeSums {
  days: CampaignDay[];
  regionCount: number;
  /** [day][region][stage], flattened: index ((day × regionCount) + region) × S + stage. */
  byDayRegion: Float64Array;
  /** [region][stage] over every hour before the end of the last day. */
  toDate: Float64Array;
  /** Registered per hour from `firstHour` to the cube's last hour, campaign-wide. */
  hourly: { firstHour: number; registered: Float64Array };
}

export function stageIndex(stage: ReportStage): number {
  return REPORT_STAGES.indexOf(stage);
}

export function sumRegistrations(cube: CubeRows, manifest: Manifest, days: CampaignDay[]): CubeSums {
  const regionCount = cube.sizes.region;
  const masks = masksFor(manifest.dimensions, DEFAULT_FILTERS);
  const reach = reachMask(manifest.dimensions.distance);
  const registered = STAGES.indexOf('registered');
  /** Writes the per-region report stages of an hour range at slot `at` (in regions) of `out`. */
  const tally = (range: [number, number], out: Float64Array, at: number): void => {
    const sums = regionTallies(cube.rows(range), masks, reach, registered, regionCount);
    for (let r = 0; r < regionCount; r++) {
      REPORT_STAGES.forEach((stage, s) => {
        out[(at + r) * S + s] = stage === 'available' ? sums.available[r] : sums.counts[r * N_STAGES + STAGES.indexOf(stage)];
      });
    }
  };
  const byDayRegion = new Float64Array(days.length * regionCount * S);
  days.forEach((day, d) => tally([day.startHour, day.endHour], byDayRegion, d * regionCount));
  const toDate = new Float64Array(regionCount * S);
  if (days.length > 0) tally([manifest.hours.first, days[days.length - 1].endHour], toDate, 0);
  const firstHour = manifest.hours.first;
  const nHours = Math.max(0, manifest.hours.last - firstHour + 1);
  const hourly = hourlySums(cube, firstHour, nHours, masks);
  const registeredHourly = Float64Array.from({ length: nHours }, (_, h) => hourly[h * N_STAGES + registered]);
  return { days, regionCount, byDayRegion, toDate, hourly: { firstHour, registered: registeredHourly } };
}

/** Σ of a stage over `regions` (indexes into the region dimension), or over all regions when it is undefined. */
function regionSum(regionCount: number, regions: readonly number[] | undefined, at: (r: number) => number): number {
  let total = 0;
  if (regions) for (const r of regions) total += at(r);
  else for (let r = 0; r < regionCount; r++) total += at(r);
  return total;
}

/** A day's count for some regions, or for all regions when `regions` is undefined. */
export function dayValue(sums: CubeSums, day: number, stage: ReportStage, regions?: readonly number[]): number {
  const s = stageIndex(stage);
  return regionSum(sums.regionCount, regions, (r) => sums.byDayRegion[(day * sums.regionCount + r) * S + s]);
}

export function toDateValue(sums: CubeSums, stage: ReportStage, regions?: readonly number[]): number {
  const s = stageIndex(stage);
  return regionSum(sums.regionCount, regions, (r) => sums.toDate[r * S + s]);
}
