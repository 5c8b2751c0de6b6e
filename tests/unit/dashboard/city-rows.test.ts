import { describe, expect, it } from 'vitest';
import type { CityTable } from '../../../shared/cube/city-table.ts';
import { STAGES, type Stage } from '../../../shared/cube/format.ts';
import { cityRows } from '../../../src/lib/cities/city-rows.ts';

const table: CityTable = {
  cities: [
    { id: 1, name: 'Big', region: 'A', lat: 55.75, lon: 37.62, spellings: 12 },
    { id: 2, name: 'Small', region: 'B', lat: 59.94, lon: 30.31, spellings: 3 },
    { id: 3, name: 'New', region: 'A', lat: 56.0, lon: 38.0, spellings: 1 }
  ],
  rows: 5,
  city: Int32Array.from([0, 0, 1, 1, 2]),
  day: Int32Array.from([10, 12, 10, 13, 12]),
  counts: Object.fromEntries(STAGES.map((s) => [s, Int32Array.from([100, 50, 20, 5, 30])])) as Record<Stage, Int32Array>
};
const base = { stage: 'registered' as const, offices: [{ lat: 55.75, lon: 37.62 }], cappedRegions: new Set(['A']), limit: 10, regions: [] };

describe('cityRows', () => {
  it('ranks by supporters up to the period end, with growth within it', () => {
    const rows = cityRows(table, { ...base, fromDay: 12, toDay: 12 });
    expect(rows.map((r) => [r.name, r.supporters, r.growth, r.growthShare])).toEqual([
      ['Big', 150, 50, 0.5],
      ['New', 30, 30, null],
      ['Small', 20, 0, 0]
    ]);
    expect(rows[0].hqKm).toBeCloseTo(0, 6);
    expect(rows[0].regionCapped).toBe(true);
    expect(rows[2].regionCapped).toBe(false);
    expect(rows[2].hqKm).toBeGreaterThan(600);
  });

  it('follows the region filter and the limit', () => {
    expect(cityRows(table, { ...base, fromDay: 0, toDay: 99, regions: ['B'] }).map((r) => r.name)).toEqual(['Small']);
    expect(cityRows(table, { ...base, fromDay: 0, toDay: 99, limit: 1 }).map((r) => r.name)).toEqual(['Big']);
    expect(cityRows(table, { ...base, fromDay: 0, toDay: 99, offices: [] })[0].hqKm).toBeNull();
  });
});
