/**
 * One pass over the registrations cube producing every sum the report needs: per day × region × report stage
 * for the days the report looks at, per region to date, and the campaign-wide hourly series (event lift).
 * A single pass matters because the demo cube has about a million rows and the report reads it once a day
 * on a small machine; everything after this works on a few thousand numbers.
 */
import type { ColumnTable, Manifest } from '../../shared/cube/format.ts';
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
const AVAILABLE_DISTANCES = ['city', 'near'];
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

/** Day index of an hour, by binary search over the (consecutive, ascending) days; -1 outside them. */
function dayOf(days: CampaignDay[], hour: number): number {
  if (days.length === 0 || hour < days[0].startHour || hour >= days[days.length - 1].endHour) return -1;
  let lo = 0;
  let hi = days.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (days[mid].startHour <= hour) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function sumRegistrations(table: ColumnTable, manifest: Manifest, days: CampaignDay[]): CubeSums {
  const regionCount = manifest.dimensions.region.length;
  const available = new Uint8Array(manifest.dimensions.distance.length);
  manifest.dimensions.distance.forEach((d, i) => (available[i] = AVAILABLE_DISTANCES.includes(d) ? 1 : 0));
  const byDayRegion = new Float64Array(days.length * regionCount * S);
  const toDate = new Float64Array(regionCount * S);
  const firstHour = manifest.hours.first;
  const registeredHourly = new Float64Array(Math.max(0, manifest.hours.last - firstHour + 1));
  const end = days.length > 0 ? days[days.length - 1].endHour : -Infinity;
  const { hour, region, distance, registered, phone, future } = table.columns;
  for (let i = 0; i < table.rows; i++) {
    const h = hour[i];
    registeredHourly[h - firstHour] += registered[i];
    if (h >= end) continue;
    const r = region[i];
    const avail = available[distance[i]] ? future[i] : 0;
    let o = r * S;
    toDate[o] += registered[i];
    toDate[o + 1] += phone[i];
    toDate[o + 2] += future[i];
    toDate[o + 3] += avail;
    const d = dayOf(days, h);
    if (d < 0) continue;
    o = (d * regionCount + r) * S;
    byDayRegion[o] += registered[i];
    byDayRegion[o + 1] += phone[i];
    byDayRegion[o + 2] += future[i];
    byDayRegion[o + 3] += avail;
  }
  return { days, regionCount, byDayRegion, toDate, hourly: { firstHour, registered: registeredHourly } };
}

/** A day's count for one region, or for all regions when `region` is undefined. */
export function dayValue(sums: CubeSums, day: number, stage: ReportStage, region?: number): number {
  const s = stageIndex(stage);
  if (region !== undefined) return sums.byDayRegion[(day * sums.regionCount + region) * S + s];
  let total = 0;
  for (let r = 0; r < sums.regionCount; r++) total += sums.byDayRegion[(day * sums.regionCount + r) * S + s];
  return total;
}

export function toDateValue(sums: CubeSums, stage: ReportStage, region?: number): number {
  const s = stageIndex(stage);
  if (region !== undefined) return sums.toDate[region * S + s];
  let total = 0;
  for (let r = 0; r < sums.regionCount; r++) total += sums.toDate[r * S + s];
  return total;
}
