/**
 * The dashboard link for a report's day: the dashboard keeps its filters in the URL (shared/link/filter-query.ts),
 * so `from`/`to` (ISO UTC hours, `to` exclusive) open it brushed to exactly that day, and a scoped report's link
 * filters its regions and, for one region, opens that region's own view.
 */
import { regionLinkParams } from '../../shared/link/filter-query.ts';
import { isoOfHour } from '../../shared/time/hours.ts';
import type { CampaignDay } from './campaign-day.ts';

export function dashboardLink(base: string | null, day: CampaignDay, regions: readonly string[] | null = null): string | null {
  if (!base) return null;
  const url = new URL(base);
  url.searchParams.set('from', isoOfHour(day.startHour));
  url.searchParams.set('to', isoOfHour(day.endHour));
  for (const [key, value] of regionLinkParams(regions ?? [])) url.searchParams.set(key, value);
  // Readable in a plain-text mail, and what the dashboard itself writes.
  return url.toString().replaceAll('%3A', ':').replaceAll('%2C', ',');
}
