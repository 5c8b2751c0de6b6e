import { describe, expect, it } from 'vitest';
import { DateDay, Dictionary, Float64, Int32, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { City } from '../../../geo/pack.ts';
import { CityDays } from '../../../data-pipeline/cube/city-days.ts';
import { cityTableBytes } from '../../../data-pipeline/export/city-table.ts';
import { HELD, SmallCellRule } from '../../../data-pipeline/export/small-cells.ts';
import { decodeCityTable, loadCityTable } from '../../../shared/cube/city-table.ts';
import { STAGES, type Manifest } from '../../../shared/cube/format.ts';
import { mulberry32 } from '../../../shared/random/mulberry32.ts';

const city = (geonameId: number, name: string): City => ({ geonameId, name, nameEn: name, lat: 55, lon: 37, population: 1, regionCode: 'RU-MOW', timezone: 'Europe/Moscow', alternates: [] });
const DAY = 86_400_000;
const row = (day: number, phone: boolean) => ({ createdMs: day * DAY + 12 * 3_600_000, phoneMs: phone ? day * DAY : NaN, emailMs: NaN, questionnaireMs: phone ? day * DAY : NaN, spelling: '', city: '', region: '', source: '' });

/**
 * The table as Arrow's builders wrote it before cityTableBytes handed typed arrays over (the published bytes
 * must not change): one vectorFromArray per column over the published rows. Dictionary ids 0 and 1 are what the
 * builders' process-wide counter gave a build's first table.
 */
function builderTableBytes(cityDays: CityDays, cities: readonly City[], spellingsOf: ReadonlyMap<number, number>): Uint8Array {
  const published: Array<{ cityIndex: number; day: number; counts: Array<number | null> }> = [];
  const rule = new SmallCellRule(STAGES.length);
  const out = new Int32Array(STAGES.length);
  let city = -1;
  const cells = cityDays.sortedColumns();
  for (let i = 0; i < cells.n; i++) {
    if (cells.cityIndex[i] !== city) rule.startCity();
    city = cells.cityIndex[i];
    if (rule.day(cells.sums.map((s) => s[i]), out)) published.push({ cityIndex: city, day: cells.day[i], counts: [...out].map((c) => (c === HELD ? null : c)) });
  }
  const of = (p: (typeof published)[number]): City => cities[p.cityIndex];
  const text = (values: string[], id: number) => vectorFromArray(values, new Dictionary(new Utf8(), new Int32(), id));
  const table = new Table({
    city_id: vectorFromArray(published.map((p) => of(p).geonameId), new Int32()),
    name: text(published.map((p) => of(p).name), 0),
    region: text(published.map((p) => of(p).regionCode), 1),
    lat: vectorFromArray(published.map((p) => of(p).lat), new Float64()),
    lon: vectorFromArray(published.map((p) => of(p).lon), new Float64()),
    spellings: vectorFromArray(published.map((p) => spellingsOf.get(p.cityIndex) ?? 0), new Int32()),
    day: vectorFromArray(published.map((p) => new Date(p.day * DAY)), new DateDay()),
    ...Object.fromEntries(STAGES.map((s, k) => [s, vectorFromArray(published.map((p) => p.counts[k]), new Int32())]))
  });
  return tableToIPC(table, 'stream');
}

describe('cities.arrow', () => {
  it('has the bytes Arrow builders wrote, on generated cities and days', () => {
    const random = mulberry32(3);
    // Shared names and multi-byte UTF-8 test the dictionaries; uneven stages give nulls in every stage column.
    const cities = Array.from({ length: 120 }, (_, i) => ({
      ...city(1000 + i, ['Москва', 'Springfield', 'Нижний Новгород', `Город ${i}`][i % 4]),
      regionCode: `RU-${String.fromCharCode(65 + (i % 7))}`,
      lat: 40 + random() * 30,
      lon: 30 + random() * 100
    }));
    for (const registrations of [0, 3, 9_000]) {
      const added: Array<Parameters<CityDays['add']>> = [];
      for (let r = 0; r < registrations; r++) {
        const day = 17_500 + Math.floor(random() * 40);
        const ms = (x: number) => (random() < x ? day * DAY : NaN);
        added.push([Math.floor(random() ** 2 * cities.length), { ...row(day, false), createdMs: day * DAY + Math.floor(random() * DAY), phoneMs: ms(0.6), emailMs: ms(0.3), questionnaireMs: ms(0.4) }]);
      }
      // Days a later build takes over keep their cells through the table; the others are sorted in place.
      const days = (kept: boolean): CityDays => {
        const d = new CityDays('Europe/Moscow');
        if (kept) d.keepForNextBuild();
        for (const [cityIndex, accepted] of added) d.add(cityIndex, accepted);
        return d;
      };
      const spellings = new Map(cities.map((_, i) => [i, i % 5]));
      const expected = Buffer.from(builderTableBytes(days(true), cities, spellings));
      const kept = days(true);
      for (const d of [kept, days(false)]) {
        const { bytes, rows } = cityTableBytes(d, cities, spellings);
        expect(Buffer.from(bytes).equals(expected)).toBe(true);
        expect(rows).toBe(tableFromIPC(bytes).numRows);
      }
      expect(kept.sortedColumns()).toEqual(days(true).sortedColumns());
    }
  });

  it('writes per-city days under the small-cell rule and reads them back', () => {
    const days = new CityDays('UTC');
    for (let i = 0; i < 6; i++) days.add(0, row(20000, i < 2));
    for (let i = 0; i < 4; i++) days.add(0, row(20001, true));
    for (let i = 0; i < 3; i++) days.add(1, row(20000, true));
    days.add(-1, row(20000, true));
    const { bytes, rows } = cityTableBytes(days, [city(1, 'Big'), city(2, 'Tiny')], new Map([[0, 7]]));
    const arrow = tableFromIPC(bytes);
    expect(rows).toBe(2);
    expect(arrow.getChild('phone')?.get(0)).toBeNull();
    expect(arrow.getChild('phone')?.get(1)).toBe(6);
    const t = decodeCityTable(bytes);
    expect(t.cities).toEqual([{ id: 1, name: 'Big', region: 'RU-MOW', lat: 55, lon: 37, spellings: 7 }]);
    expect([...t.day]).toEqual([20000, 20001]);
    expect([...t.counts.registered]).toEqual([6, 0]);
    expect([...t.counts.future]).toEqual([0, 6]);
  });

  it('is optional: a data set published without it loads as null', async () => {
    const manifest = { files: {} } as Manifest;
    expect(await loadCityTable(() => Promise.reject(new Error('not read')), manifest)).toBeNull();
  });
});
