import { describe, it, expect } from 'vitest';
import { geoArea, geoContains } from 'd3-geo';
import { feature } from 'topojson-client';
import type { FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection } from 'topojson-specification';
import { isPackCode, loadPack, loadShapes, type PackCode } from '../../../geo/pack.ts';

function shapes(code: PackCode): FeatureCollection<Geometry, { code: string }> {
  const topo = loadShapes(code);
  return feature(topo, topo.objects.regions as GeometryCollection<{ code: string }>) as FeatureCollection<Geometry, { code: string }>;
}

describe('country packs', () => {
  it('knows its pack codes', () => {
    expect(isPackCode('ru')).toBe(true);
    expect(isPackCode('us')).toBe(true);
    expect(isPackCode('fr')).toBe(false);
  });

  it('has GeoNames 83 Russian subjects and the 50 US states + DC', () => {
    expect(loadPack('ru').regions).toHaveLength(83);
    expect(loadPack('us').regions).toHaveLength(51);
  });

  for (const code of ['ru', 'us'] as const) {
    it(`${code}: every city's region exists, every region has cities and exactly one shape`, () => {
      const pack = loadPack(code);
      const regionCodes = new Set(pack.regions.map((r) => r.code));
      for (const c of pack.cities) expect(regionCodes.has(c.regionCode), `${c.name} ${c.regionCode}`).toBe(true);
      const shapeCodes = shapes(code).features.map((f) => f.properties.code);
      expect(new Set(shapeCodes).size).toBe(shapeCodes.length);
      expect([...shapeCodes].sort()).toEqual([...regionCodes].sort());
      for (const r of pack.regions) expect(r.population, r.code).toBeGreaterThan(0);
    });

    it(`${code}: shapes are wound for d3 (no region covers more than half the globe)`, () => {
      for (const f of shapes(code).features) expect(geoArea(f), f.properties.code).toBeLessThan(2 * Math.PI);
    });

    it(`${code}: aliases point at gazetteer cities`, () => {
      const pack = loadPack(code);
      const ids = new Set(pack.cities.map((c) => c.geonameId));
      for (const [alias, id] of Object.entries(pack.aliases)) expect(ids.has(id), alias).toBe(true);
    });
  }

  it('uses Russian display names, not Ukrainian or Belarusian ones', () => {
    const byEn = new Map(loadPack('ru').cities.map((c) => [c.geonameId, c.name]));
    expect(byEn.get(524901)).toBe('Москва');
    expect(byEn.get(498817)).toBe('Санкт-Петербург');
    expect(byEn.get(520555)).toBe('Нижний Новгород');
    expect(byEn.get(2021851)).toBe('Комсомольск-на-Амуре');
    expect(byEn.get(523750)).toBe('Набережные Челны');
    expect(byEn.get(519336)).toBe('Великий Новгород');
    expect(byEn.get(1496153)).toBe('Омск');
    expect(byEn.get(551487)).toBe('Казань');
    for (const c of loadPack('ru').cities) expect(c.name, c.nameEn).not.toMatch(/[іїєўґәөүһ]|ськ$/i);
  });

  it('keeps Moscow city (MOW) and Moscow oblast (MOS) apart, in data and on the map', () => {
    const pack = loadPack('ru');
    const moscow = pack.cities.find((c) => c.geonameId === 524901)!;
    expect(moscow.regionCode).toBe('RU-MOW');
    expect(pack.regions.find((r) => r.code === 'RU-MOW')!.nameLocal).toBe('Москва');
    expect(pack.regions.find((r) => r.code === 'RU-MOS')!.nameLocal).toBe('Московская область');
    expect(pack.cities.find((c) => c.nameEn === 'Podolsk')!.regionCode).toBe('RU-MOS');
    expect(pack.cities.find((c) => c.geonameId === 498817)!.regionCode).toBe('RU-SPE');
    expect(pack.cities.find((c) => c.nameEn === 'Barnaul')!.regionCode).toBe('RU-ALT');
    expect(pack.cities.find((c) => c.nameEn === 'Gorno-Altaysk')!.regionCode).toBe('RU-AL');
    const features = new Map(shapes('ru').features.map((f) => [f.properties.code, f]));
    expect(geoContains(features.get('RU-MOW')!, [moscow.lon, moscow.lat])).toBe(true);
    expect(geoContains(features.get('RU-MOS')!, [moscow.lon, moscow.lat])).toBe(false);
    expect(geoContains(features.get('RU-MOS')!, [38.78, 55.08])).toBe(true); // Kolomna
  });

  it('puts big cities inside their region shape', () => {
    for (const code of ['ru', 'us'] as const) {
      const features = new Map(shapes(code).features.map((f) => [f.properties.code, f]));
      const big = loadPack(code).cities.slice(0, 40);
      const inside = big.filter((c) => geoContains(features.get(c.regionCode)!, [c.lon, c.lat]));
      // Simplified coastlines may leave a harbour city just outside.
      expect(inside.length, code).toBeGreaterThanOrEqual(37);
    }
  });
});
