import type { Pack } from '../../geo/pack.ts';
import { DEFAULT_DASHBOARD_REFRESH, type Manifest } from '../../shared/cube/format.ts';
import type { CampaignConfig } from '../config/campaign.ts';

/** The projection travels with the data, so the map draws any pack without knowing packs. */
export function campaignInfo(config: CampaignConfig, pack: Pack): Manifest['campaign'] {
  return {
    name: config.name,
    pack: config.pack,
    timeZone: config.timeZone,
    window: config.window,
    target: config.target,
    totalCap: config.totalCap,
    regionCap: config.regionCap,
    nearKm: config.nearKm,
    dashboardUrl: config.report?.dashboardUrl ?? null,
    projection: pack.projection,
    dashboard: { ...DEFAULT_DASHBOARD_REFRESH, ...config.dashboard }
  };
}
