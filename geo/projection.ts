/**
 * Map projection of a pack, fitted to its shapes. Browser-safe (no fs): the dashboard, the
 * report renderer and tests share it.
 */
import { geoAlbersUsa, geoConicEqualArea, type GeoProjection } from 'd3-geo';
import type { FeatureCollection, Geometry } from 'geojson';
import type { ProjectionSpec } from './pack.ts';

/**
 * Note: geoAlbersUsa returns null for points outside the lower 48, Alaska and Hawaii
 * (territories, abroad); callers must handle null.
 */
export function makeProjection(spec: ProjectionSpec, shapes: FeatureCollection<Geometry>, size: [number, number]): GeoProjection {
  if (spec.type === 'albersUsa') return geoAlbersUsa().fitSize(size, shapes) as unknown as GeoProjection;
  const projection = geoConicEqualArea();
  // Rotating the central meridian to 105°E puts the cut at 75°W, so Chukotka stays whole.
  if (spec.rotate) projection.rotate(spec.rotate);
  if (spec.parallels) projection.parallels(spec.parallels);
  return projection.fitSize(size, shapes);
}
