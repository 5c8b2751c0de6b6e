import { describe, expect, it } from 'vitest';
import type { ColumnTable, RegionRow } from '../../../shared/cube/format.ts';
import { publicProfile, SMALL_CELL } from '../../../data-pipeline/export/public-profile.ts';

/** Rows: [hour, region, registered]; the other cube columns are not read. */
function cube(rows: Array<[number, number, number]>): ColumnTable {
  return { rows: rows.length, columns: { hour: Int32Array.from(rows, (r) => r[0]), region: Int32Array.from(rows, (r) => r[1]), registered: Int32Array.from(rows, (r) => r[2]) } };
}
const REGIONS: RegionRow[] = [
  { code: 'RU-MOW', name: 'Moscow', nameLocal: 'Москва', timezone: 'Europe/Moscow', population: 1, cap: 10 },
  { code: 'RU-TUL', name: 'Tula Oblast', nameLocal: 'Тульская область', timezone: 'Europe/Moscow', population: 1, cap: 10 }
];
// 2024-03-05 00:00 Moscow = 2024-03-04T21:00Z.
const H = Date.UTC(2024, 2, 4, 21) / 3_600_000;

describe('publicProfile', () => {
  it('sums by local day and region, and publishes a cell under 5 as null, never its count', () => {
    const p = publicProfile(cube([[H, 0, 3], [H + 5, 0, 4], [H + 23, 1, 2], [H + 24, 0, 1], [H + 30, 1, 0]]), ['RU-MOW', 'RU-TUL', 'UNKNOWN'], REGIONS, { name: 'C', timeZone: 'Europe/Moscow' }, 'T');
    expect(p.registered).toBe(10);
    expect(p.daily).toEqual([{ date: '2024-03-05', registered: 9 }, { date: '2024-03-06', registered: null }]);
    expect(p.regions).toEqual([{ code: 'RU-MOW', name: 'Moscow', nameLocal: 'Москва', registered: 8 }, { code: 'RU-TUL', name: 'Tula Oblast', nameLocal: 'Тульская область', registered: null }]);
    const counts = [p.registered, ...p.daily.map((d) => d.registered), ...p.regions.map((r) => r.registered)];
    expect(counts.every((n) => n === null || n >= SMALL_CELL)).toBe(true);
    expect(JSON.stringify(p)).not.toMatch(/"hour"|"source"|"distance"/);
  });
});
