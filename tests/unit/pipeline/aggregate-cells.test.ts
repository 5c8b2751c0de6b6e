import { describe, expect, it } from 'vitest';
import type { City } from '../../../geo/pack.ts';
import { CellTable } from '../../../data-pipeline/cube/cells.ts';
import { CsvTokenizer } from '../../../data-pipeline/sources/csv/tokenizer.ts';
import { classNow, classThen, DISTANCE_CODES } from '../../../shared/cube/distance-codes.ts';
import { DISTANCE_CLASSES } from '../../../shared/cube/format.ts';
import { haversineKm } from '../../../shared/geo/haversine.ts';
import { DistanceClassifier, CITY_KM, DISTANCE, type Headquarters } from '../../../data-pipeline/resolve/distance.ts';

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('CellTable', () => {
  it('sums like a Map keyed by both ints, across growth, negative and large keys', () => {
    const t = new CellTable(2, 4);
    const ref = new Map<string, [number, number]>();
    const r = rng(7);
    for (let i = 0; i < 50_000; i++) {
      const a = Math.floor(r() * 3000) - 1500;
      const b = (Math.floor(r() * 4) << 29) | Math.floor(r() * 40);
      const c = t.cell(a, b);
      t.sums[0][c]++;
      t.sums[1][c] += i & 3;
      const k = `${a},${b}`;
      const e = ref.get(k) ?? [0, 0];
      e[0]++;
      e[1] += i & 3;
      ref.set(k, e);
    }
    expect(t.size).toBe(ref.size);
    // One assertion over every cell: an expect per cell would cost more than the table.
    const wrong: string[] = [];
    for (let c = 0; c < t.size; c++) {
      const want = ref.get(`${t.cellA[c]},${t.cellB[c]}`);
      if (!want || want[0] !== t.sums[0][c] || want[1] !== t.sums[1][c]) wrong.push(`${t.cellA[c]},${t.cellB[c]}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('DistanceClassifier', () => {
  it('gives the same class as walking the HQ list for every row (per-city cache per open/close interval)', () => {
    const r = rng(11);
    const cities: City[] = Array.from({ length: 40 }, (_, i) => ({
      geonameId: 1000 + i,
      name: `c${i}`,
      nameEn: `c${i}`,
      lat: 50 + r() * 4,
      lon: 30 + r() * 6,
      population: 1000,
      regionCode: 'RU-X',
      timezone: 'Europe/Moscow',
      alternates: []
    }));
    const t0 = Date.UTC(2020, 0, 1);
    const day = 86_400_000;
    const hqs: Headquarters[] = Array.from({ length: 12 }, (_, i) => ({
      lat: 50 + r() * 4,
      lon: 30 + r() * 6,
      openedMs: t0 + Math.floor(r() * 60) * day,
      closedMs: r() < 0.4 ? t0 + (60 + Math.floor(r() * 60)) * day : Infinity,
      geonameId: i % 3 === 0 ? cities[i].geonameId : null
    }));
    const nearKm = 60;
    const slow = (city: number, ms: number): number => {
      if (city < 0) return DISTANCE.unknown;
      const c = cities[city];
      const open = hqs
        .map((h, i) => ({ h, i, km: haversineKm(c.lat, c.lon, h.lat, h.lon) }))
        .filter(({ h }) => h.openedMs <= ms && h.closedMs > ms)
        .sort((a, b) => a.km - b.km || a.i - b.i);
      if (!open.length) return DISTANCE.far;
      const { h, km } = open[0];
      if (km < CITY_KM || (h.geonameId !== null && h.geonameId === c.geonameId)) return DISTANCE.city;
      return km <= nearKm ? DISTANCE.near : DISTANCE.far;
    };
    const asOf = t0 + 90 * day;
    const d = new DistanceClassifier(cities, hqs, nearKm, asOf);
    // Mostly increasing times with jumps back, exactly on the breaks too.
    let ms = t0 - 5 * day;
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      ms += r() < 0.05 ? -Math.floor(r() * 30) * day : Math.floor(r() * 3_600_000);
      const at = r() < 0.02 ? hqs[Math.floor(r() * hqs.length)].openedMs : ms;
      const city = Math.floor(r() * (cities.length + 2)) - 2 < 0 ? -1 : Math.floor(r() * cities.length);
      const code = DISTANCE_CODES[d.classify(city, at)];
      const want = [DISTANCE_CLASSES[slow(city, at)], DISTANCE_CLASSES[slow(city, city < 0 ? at : asOf)]];
      if (classThen(code) !== want[0] || classNow(code) !== want[1]) wrong.push(`row ${i}: ${code}, expected ${want.join('>')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('takes, of equally near open HQs, the first listed', () => {
    const city = (geonameId: number, lat: number): City => ({ geonameId, name: `c${geonameId}`, nameEn: `c${geonameId}`, lat, lon: 37, population: 1000, regionCode: 'RU-X', timezone: 'Europe/Moscow', alternates: [] });
    const cities = [city(1, 55), city(2, 56)];
    const t0 = Date.UTC(2020, 0, 1);
    // Both 0.3° of latitude (~33 km) north of city 1, at the same place: one counted as in city 1 by its id.
    const inCity: Headquarters = { lat: 55.3, lon: 37, openedMs: t0, closedMs: Infinity, geonameId: 1 };
    const other: Headquarters = { ...inCity, geonameId: null };
    // A nearer HQ open only before t0 + 1 day, so that the tie decides from then on.
    const nearer: Headquarters = { lat: 55.1, lon: 37, openedMs: t0 - 86_400_000, closedMs: t0 + 86_400_000, geonameId: null };
    const classOf = (hqs: Headquarters[], ms: number): string => classThen(DISTANCE_CODES[new DistanceClassifier(cities, hqs, 50, ms).classify(0, ms)]);
    expect(classOf([nearer, inCity, other], t0 + 2 * 86_400_000)).toBe('city');
    expect(classOf([nearer, other, inCity], t0 + 2 * 86_400_000)).toBe('near');
    expect(classOf([other, inCity, nearer], t0)).toBe('near');
  });
});

describe('CsvTokenizer byte mode', () => {
  it('gives the rows of text mode, for any split of the bytes', () => {
    const text = 'id,city,note\r\n1,Москва,"a ""q"" ё"\n2,"Улан-Удэ, Бурятия",x\n\n3,Тула,"мн\nстрок"\n4,é€😀,z';
    const bytes = Buffer.from(text, 'utf8');
    const viaText: string[][] = [];
    const t = new CsvTokenizer(',');
    t.push(text, viaText);
    t.end(viaText);
    for (let cut = 1; cut < bytes.length; cut++) {
      const b = new CsvTokenizer(',');
      const rows: string[][] = [];
      b.pushBytes(bytes.subarray(0, cut), rows);
      b.pushBytes(bytes.subarray(cut), rows);
      b.end(rows);
      expect(rows).toEqual(viaText);
    }
  });
});
