/**
 * regions.json: the pack's regions with the campaign's registration cap for each, and how many of the region's
 * registrations carry a city that did not resolve (counts only: the spellings stay in the work folder).
 */
import type { Pack } from '../../geo/pack.ts';
import type { RegionRow, RegionUnresolved } from '../../shared/cube/format.ts';
import type { CampaignConfig } from '../config/campaign.ts';

export function regionRows(config: CampaignConfig, pack: Pack, unresolved: (code: string) => RegionUnresolved): RegionRow[] {
  const caps = config.regionCaps ?? {};
  return pack.regions.map((r) => ({
    code: r.code,
    name: r.name,
    nameLocal: r.nameLocal,
    timezone: r.timezone,
    population: r.population,
    cap: caps[r.code] ?? config.regionCap,
    unresolved: unresolved(r.code)
  }));
}
