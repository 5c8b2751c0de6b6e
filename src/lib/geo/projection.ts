/**
 * The campaign's map projection, fitted to a drawing size. Conic equal-area keeps areas honest across a country
 * that spans eleven time zones (for Russia, centred on 105° E so Chukotka stays whole across the 180th meridian);
 * Albers USA insets Alaska and Hawaii and returns null for anything outside them.
 */
import { geoAlbersUsa, geoConicEqualArea, type GeoProjection } from 'd3';
import type { FeatureCollection } from 'geojson';
import type { CampaignInfo, CampaignProjection } from '$shared/cube/format';

const FALLBACK: Record<CampaignInfo['pack'], CampaignProjection> = {
  ru: { type: 'conicEqualArea', rotate: [-105, 0], parallels: [52, 64] },
  us: { type: 'albersUsa' }
};

/** The manifest's projection when the pipeline wrote one, else the pack's default. */
export function projectionSpecFor(campaign: CampaignInfo): CampaignProjection {
  return campaign.projection ?? FALLBACK[campaign.pack];
}

export function makeProjection(spec: CampaignProjection, shapes: FeatureCollection, size: [number, number]): GeoProjection {
  if (spec.type === 'albersUsa') return geoAlbersUsa().fitSize(size, shapes);
  const projection = geoConicEqualArea();
  if (spec.rotate) projection.rotate(spec.rotate);
  if (spec.parallels) projection.parallels(spec.parallels);
  return projection.fitSize(size, shapes);
}
