/**
 * The region of an event, wherever its source put the location: the region it names when the pack knows it, else
 * the city resolver on its locality, else the region whose shape holds its coordinates. Events without any of
 * these stay without a region (national, for attribution). A venue without coordinates borrows its resolved
 * city's, so the map can still draw it.
 */
import { geoContains } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Pack } from '../../geo/pack.ts';
import type { SourcedEvent } from '../sources/sourced-event.ts';
import type { CityResolver } from './city-resolver.ts';
import { createRegionColumn } from './region-column.ts';

export interface EventLocation {
  regionCode: string | null;
  lat: number | null;
  lon: number | null;
  /** Which rule found the region: for the build log. */
  by: 'source' | 'region' | 'locality' | 'shape' | null;
}

export type EventLocator = (event: SourcedEvent) => EventLocation;

type RegionFeature = Feature<Geometry, { code: string }>;

function regionShapes(shapes: Topology): RegionFeature[] {
  const object = shapes.objects.regions as GeometryCollection<{ code: string }> | undefined;
  if (!object) return [];
  return (feature(shapes, object) as FeatureCollection<Geometry, { code: string }>).features;
}

export function createEventLocator(pack: Pack, shapes: Topology, resolver: CityResolver): EventLocator {
  const codes = pack.regions.map((r) => r.code);
  const regionText = createRegionColumn(pack.regions, codes, -1);
  const cities = new Map(pack.cities.map((c) => [c.geonameId, c]));
  const features = regionShapes(shapes);

  return (event) => {
    const { locality, region, lat, lon } = event.place;
    const hasPoint = lat !== null && lon !== null;
    const city = locality === null ? null : resolver.resolve(region === null ? locality : `${locality}, ${region}`);
    const matched = city?.status === 'matched' && city.geonameId !== null ? (cities.get(city.geonameId) ?? null) : null;
    const point = hasPoint ? { lat, lon } : matched ? { lat: matched.lat, lon: matched.lon } : { lat: null, lon: null };
    // A CSV's region_code was written by the campaign for this pack: kept as it always was.
    if (event.regionCode !== null) return { regionCode: event.regionCode, ...point, by: 'source' };
    const named = region === null ? -1 : regionText.lookup(region);
    if (named >= 0) return { regionCode: codes[named], ...point, by: 'region' };
    if (matched) return { regionCode: matched.regionCode, ...point, by: 'locality' };
    if (hasPoint) {
      const inside = features.find((f) => geoContains(f, [lon, lat]));
      if (inside) return { regionCode: inside.properties.code, ...point, by: 'shape' };
    }
    return { regionCode: null, ...point, by: null };
  };
}
