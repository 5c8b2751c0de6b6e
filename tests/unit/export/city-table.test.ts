import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import type { City } from '../../../geo/pack.ts';
import { CityDays } from '../../../data-pipeline/cube/city-days.ts';
import { cityTableBytes } from '../../../data-pipeline/export/city-table.ts';
import { decodeCityTable, loadCityTable } from '../../../shared/cube/city-table.ts';
import type { Manifest } from '../../../shared/cube/format.ts';

const city = (geonameId: number, name: string): City => ({ geonameId, name, nameEn: name, lat: 55, lon: 37, population: 1, regionCode: 'RU-MOW', timezone: 'Europe/Moscow', alternates: [] });
const DAY = 86_400_000;
const row = (day: number, phone: boolean) => ({ createdMs: day * DAY + 12 * 3_600_000, phoneMs: phone ? day * DAY : NaN, emailMs: NaN, questionnaireMs: phone ? day * DAY : NaN, spelling: '', city: '', region: '', source: '' });

describe('cities.arrow', () => {
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
