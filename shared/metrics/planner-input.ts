/**
 * The planner's inputs from the published data: every city of the city table with its future signatures to date
 * and over the last RECENT_DAYS days, today's offices (open at the data's last hour), the regions' caps, and the
 * days left from the data's last day to the end of the collection window, as the readiness forecast counts them.
 */
import type { CityTable } from '../cube/city-table';
import type { CoreData } from '../cube/dataset';
import { RECENT_DAYS } from '../scan/regional-query';
import { localDaysOf } from '../time/local-days';
import { msOfHour } from '../time/hours';
import { citySums, dayRange } from './city-sums';
import type { PlannerInput } from './hq-planner';
import { deadlineHour } from './campaign-figures';
import { isOpenAt } from './readiness';

export function plannerInput(table: CityTable, data: Pick<CoreData, 'manifest' | 'regions' | 'headquarters'>): PlannerInput {
  const { campaign } = data.manifest;
  const [first, last] = dayRange(table);
  const recentFrom = Math.max(first, last - RECENT_DAYS + 1);
  const future = citySums(table, 'future', first, last);
  const recent = citySums(table, 'future', recentFrom, last);
  const endHour = localDaysOf(campaign.timeZone).startHour(last + 1);
  const now = msOfHour(data.manifest.hours.last);
  return {
    cities: table.cities.map((c, i) => ({ id: c.id, name: c.name, region: c.region, lat: c.lat, lon: c.lon, future: future[i], recent: recent[i] })),
    caps: new Map(data.regions.map((r) => [r.code, r.cap])),
    offices: data.headquarters.filter((h) => isOpenAt(h, now)).map((h) => ({ id: h.id, lat: h.lat, lon: h.lon })),
    nearKm: campaign.nearKm,
    recentDays: table.rows > 0 ? last - recentFrom + 1 : 0,
    daysLeft: Math.max(0, deadlineHour(campaign) - endHour) / 24,
    target: campaign.target
  };
}
