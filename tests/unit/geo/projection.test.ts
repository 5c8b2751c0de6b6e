import { describe, it, expect } from 'vitest';
import { feature } from 'topojson-client';
import type { FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection } from 'topojson-specification';
import { loadPack, loadShapes, type PackCode } from '../../../geo/pack.ts';
import { makeProjection } from '../../../src/lib/geo/projection.ts';

const SIZE: [number, number] = [960, 600];

function setup(code: PackCode) {
  const topo = loadShapes(code);
  const fc = feature(topo, topo.objects.regions as GeometryCollection) as FeatureCollection<Geometry>;
  return { pack: loadPack(code), projection: makeProjection(loadPack(code).projection, fc, SIZE) };
}

describe('projections', () => {
  it('ru: Albers-Siberia fits the country and keeps Chukotka whole on the east edge', () => {
    const { pack, projection } = setup('ru');
    const [mx, my] = projection([37.62, 55.75])!;
    expect(mx).toBeGreaterThan(0);
    expect(mx).toBeLessThan(SIZE[0] / 2);
    expect(my).toBeGreaterThan(0);
    expect(my).toBeLessThan(SIZE[1]);
    // Anadyr, Uelen and a point beyond 180° (Chukotka's east tip at -169.7°) all sit on the east edge.
    for (const lonLat of [[177.5, 64.73], [-169.8, 66.16], [179.9, 65], [-179.9, 65]] as Array<[number, number]>) {
      const [x] = projection(lonLat)!;
      expect(Number.isFinite(x)).toBe(true);
      expect(x, String(lonLat)).toBeGreaterThan(SIZE[0] * 0.8);
      expect(x).toBeLessThanOrEqual(SIZE[0] + 1);
    }
    const kaliningrad = projection([20.51, 54.71])!;
    expect(kaliningrad[0]).toBeLessThan(SIZE[0] * 0.2);
    expect(pack.projection.type).toBe('conicEqualArea');
  });

  it('us: albersUsa places cities in the frame and returns null outside it', () => {
    const { projection } = setup('us');
    for (const c of loadPack('us').cities.slice(0, 50)) {
      const p = projection([c.lon, c.lat]);
      expect(p, c.name).not.toBeNull();
      expect(p![0]).toBeGreaterThanOrEqual(0);
      expect(p![0]).toBeLessThanOrEqual(SIZE[0]);
    }
    expect(projection([-66.1, 18.47])).toBeNull(); // San Juan, Puerto Rico
    expect(projection([2.35, 48.86])).toBeNull(); // Paris
  });
});
