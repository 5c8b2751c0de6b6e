/** regions.json: the pack's regions with the campaign's registration cap for each. */
import type { Pack } from '../../geo/pack.ts';
import type { RegionRow } from '../../shared/cube/format.ts';
import type { CampaignConfig } from '../config/campaign.ts';

export function regionRows(config: CampaignConfig, pack: Pack): RegionRow[] {
  const caps = config.regionCaps ?? {};
  return pack.regions.map((r) => ({
    code: r.code,
    name: r.name,
    nameLocal: r.nameLocal,
    timezone: r.timezone,
    population: r.population,
    cap: caps[r.code] ?? config.regionCap
  }));
}
