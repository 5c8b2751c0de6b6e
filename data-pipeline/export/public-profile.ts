/**
 * The public profile: the numbers a campaign shows on its homepage (the reference campaign showed a live counter
 * and a map), safe to put on a public CDN. The full data set is not: 92.7 % of the non-zero cells of the hourly
 * cube count a single person. So the profile holds only daily totals and region totals of registrations, and a
 * cell that counts fewer than SMALL_CELL people is published as null ("fewer than 5"), never as its count.
 * Suppressed cells are left out of no total: totals are computed from the cube and suppressed only themselves.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnTable, RegionRow } from '../../shared/cube/format.ts';
import { isoDateOfDay } from '../../shared/time/civil-date.ts';
import { localDaysOf } from '../../shared/time/local-days.ts';
import { stagingFolder } from './publish-swap.ts';

/** Cells under this many people are not published. */
export const SMALL_CELL = 5;

export interface PublicProfile {
  campaign: string;
  generatedAt: string;
  /** Counts under SMALL_CELL are null. */
  registered: number | null;
  daily: Array<{ date: string; registered: number | null }>;
  regions: Array<{ code: string; name: string; nameLocal: string; registered: number | null }>;
  rule: string;
}

const suppress = (n: number): number | null => (n < SMALL_CELL ? null : n);

export function publicProfile(
  registrations: ColumnTable,
  regionCodes: readonly string[],
  regions: readonly RegionRow[],
  campaign: { name: string; timeZone: string },
  generatedAt: string
): PublicProfile {
  const { hour, region, registered } = registrations.columns;
  const days = localDaysOf(campaign.timeZone);
  const byDay = new Map<number, number>();
  const byRegion = new Float64Array(regionCodes.length);
  let total = 0;
  for (let i = 0; i < registrations.rows; i++) {
    const n = registered[i];
    if (n === 0) continue;
    const day = days.dayOfHour(hour[i]);
    byDay.set(day, (byDay.get(day) ?? 0) + n);
    byRegion[region[i]] += n;
    total += n;
  }
  const info = new Map(regions.map((r) => [r.code, r]));
  return {
    campaign: campaign.name,
    generatedAt,
    registered: suppress(total),
    daily: [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([day, n]) => ({ date: isoDateOfDay(day), registered: suppress(n) })),
    regions: regionCodes
      .map((code, r) => ({ code, name: info.get(code)?.name ?? code, nameLocal: info.get(code)?.nameLocal ?? code, registered: suppress(byRegion[r]) }))
      .filter((r, i) => byRegion[i] > 0),
    rule: `counts under ${SMALL_CELL} are null`
  };
}

/** Writes the profile into a staging folder beside `dir`, for swapIntoPlace with the main publish. */
export function stagePublicProfile(dir: string, profile: PublicProfile): string {
  const folder = stagingFolder(dir);
  writeFileSync(join(folder, 'profile.json'), JSON.stringify(profile, null, 2) + '\n');
  return folder;
}
