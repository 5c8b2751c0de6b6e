import { describe, expect, it } from 'vitest';
import { feature } from 'topojson-client';
import type { FeatureCollection } from 'geojson';
import type { GeometryCollection } from 'topojson-specification';
import { loadPack, loadShapes } from '../../../geo/pack.ts';
import type { HeadquartersRow } from '../../../shared/cube/format.ts';
import { makeProjection, projectionSpecFor } from '../../../src/lib/geo/projection.ts';
import { maxOverlap, placeMarkers, reachPerHeadquarters } from '../../../src/lib/geo/markers.ts';

function hqs(n: number): HeadquartersRow[] {
  const cities = [...loadPack('ru').cities].sort((a, b) => b.population - a.population).slice(0, n);
  return cities.map((c, i) => ({ id: `hq-${i}`, name: c.name, city: c.name, regionCode: c.regionCode, lat: c.lat, lon: c.lon, opened: '2017-01-01T00:00:00Z', closed: null }));
}

describe('headquarters markers', () => {
  const topo = loadShapes('ru');
  const shapes = feature(topo, topo.objects.regions as GeometryCollection) as FeatureCollection;
  const spec = projectionSpecFor({ pack: 'ru' } as Parameters<typeof projectionSpecFor>[0]);
  const projection = makeProjection(spec, shapes, [1240, 700]);
  const project = (p: [number, number]) => projection(p);

  it('keeps Chukotka whole: the conic projection is centred on 105° E', () => {
    const west = projection([170, 66])!;
    const east = projection([-172, 66])!;
    expect(east[0]).toBeGreaterThan(west[0]);
    expect(east[0]).toBeLessThanOrEqual(1240);
  });

  it('de-overlaps 150 headquarters in the biggest cities to within a pixel', () => {
    const open = hqs(150);
    const reach = new Map<string, number>();
    open.forEach((h, i) => reach.has(h.regionCode) || reach.set(h.regionCode, 10_000 / (i + 1)));
    const values = reachPerHeadquarters(open, reach);
    const markers = placeMarkers(open, values, project, 1240);
    expect(markers).toHaveLength(150);
    expect(maxOverlap(markers)).toBeLessThanOrEqual(1);
    const moscow = markers.find((m) => m.id === 'hq-0')!;
    expect(moscow.r).toBeGreaterThan(markers.find((m) => m.id === 'hq-149')!.r);
  });

  it('updates from the previous layout when only sizes change, still without overlaps', () => {
    const open = hqs(150);
    const first = placeMarkers(open, new Map(open.map((h, i) => [h.id, 1000 / (i + 1)])), project, 1240);
    const grown = new Map(open.map((h, i) => [h.id, 1000 / (150 - i)]));
    const next = placeMarkers(open, grown, project, 1240, first);
    expect(maxOverlap(next)).toBeLessThanOrEqual(1);
    expect(next.find((m) => m.id === 'hq-149')!.r).toBeGreaterThan(first.find((m) => m.id === 'hq-149')!.r);
  });

  it('sizes in steps of 2 px against the largest value rounded up, so a marker whose value holds keeps its size', () => {
    const open = hqs(40);
    const values = new Map(open.map((h, i) => [h.id, 10 * (i + 1)]));
    const before = placeMarkers(open, values, project, 1240);
    expect(before.every((m) => m.r % 2 === 0)).toBe(true);
    // The largest value moves from 400 to 450 (both round up to 500): every other marker keeps its radius.
    const after = placeMarkers(open, new Map(values).set('hq-39', 450), project, 1240, before);
    expect(after.slice(0, 39).map((m) => m.r)).toEqual(before.slice(0, 39).map((m) => m.r));
    expect(after[39].r).toBeGreaterThan(before[39].r);
    // Past the rounded-up largest value (500 → 1,000) they all shrink together.
    const past = placeMarkers(open, new Map(values).set('hq-39', 501), project, 1240, before);
    expect(past[38].r).toBeLessThan(before[38].r);
  });

  it('returns the markers in the headquarters\' order whatever their sizes, so a brush move moves no DOM node', () => {
    const open = hqs(40);
    const growing = placeMarkers(open, new Map(open.map((h, i) => [h.id, i + 1])), project, 1240);
    const shrinking = placeMarkers(open, new Map(open.map((h, i) => [h.id, 40 - i])), project, 1240, growing);
    expect(growing.map((m) => m.id)).toEqual(open.map((h) => h.id));
    expect(shrinking.map((m) => m.id)).toEqual(open.map((h) => h.id));
  });

  it('shares a region\'s reach among its headquarters', () => {
    const open = hqs(3).map((h) => ({ ...h, regionCode: 'RU-X' }));
    expect([...reachPerHeadquarters(open, new Map([['RU-X', 90]])).values()]).toEqual([30, 30, 30]);
  });

  it('skips headquarters Albers USA cannot place (outside the US and its insets)', () => {
    const usTopo = loadShapes('us');
    const us = feature(usTopo, usTopo.objects.regions as GeometryCollection) as FeatureCollection;
    const albers = makeProjection(projectionSpecFor({ pack: 'us' } as Parameters<typeof projectionSpecFor>[0]), us, [960, 600]);
    const at = (id: string, lat: number, lon: number): HeadquartersRow => ({ id, name: id, city: id, regionCode: 'US-X', lat, lon, opened: '', closed: null });
    const open = [at('chicago', 41.88, -87.63), at('anchorage', 61.22, -149.9), at('honolulu', 21.31, -157.86), at('london', 51.5, -0.12)];
    const markers = placeMarkers(open, new Map(), (p) => albers(p), 960);
    expect(markers.map((m) => m.id).sort()).toEqual(['anchorage', 'chicago', 'honolulu']);
    for (const m of markers) expect(m.ax >= 0 && m.ax <= 960 && m.ay >= 0 && m.ay <= 600).toBe(true);
  });
});
