import { describe, expect, it } from 'vitest';
import { CityDays } from '../../../data-pipeline/cube/city-days.ts';
import { prng } from '../../support/labelled-set.ts';

describe('CityDays.sortedColumns', () => {
  it('lists every (city, day) once, by city then day, with its sums, whatever the order rows came in', () => {
    const rnd = prng(7);
    const days = new CityDays('Europe/Moscow');
    const expected = new Map<string, number[]>();
    for (let i = 0; i < 5000; i++) {
      const city = Math.floor(rnd() * 300);
      const hour = 420_000 + Math.floor(rnd() * 24 * 40);
      const phone = rnd() < 0.5;
      const rows = 1 + Math.floor(rnd() * 3);
      days.addRows(city, hour, phone, false, true, rows);
      // Moscow is UTC+3 all year: the local day of an hour.
      const key = `${city}:${Math.floor((hour + 3) / 24)}`;
      const sums = expected.get(key) ?? [0, 0, 0, 0, 0];
      sums[0] += rows;
      if (phone) sums[1] += rows;
      sums[3] += rows;
      if (phone) sums[4] += rows;
      expected.set(key, sums);
    }
    const c = days.sortedColumns();
    expect(c.n).toBe(expected.size);
    for (let i = 0; i < c.n; i++) {
      if (i > 0) expect(c.cityIndex[i - 1] < c.cityIndex[i] || (c.cityIndex[i - 1] === c.cityIndex[i] && c.day[i - 1] < c.day[i])).toBe(true);
      expect(c.sums.map((s) => s[i])).toEqual(expected.get(`${c.cityIndex[i]}:${c.day[i]}`));
    }
  });

  it('sorts the cells of a table a later build takes over into new columns, and the others in place', () => {
    const rnd = prng(9);
    const kept = new CityDays('UTC');
    kept.keepForNextBuild();
    const spent = new CityDays('UTC');
    for (let i = 0; i < 3000; i++) {
      const [city, hour, phone] = [Math.floor(rnd() * 50), 420_000 + Math.floor(rnd() * 24 * 20), rnd() < 0.4];
      for (const d of [kept, spent]) d.addRows(city, hour, phone, true, false, 1);
    }
    const saved = (d: CityDays): number[][] => Object.values(d.savedCells()).flat().map((c: Int32Array) => [...c]);
    const before = saved(kept);
    const sorted = kept.sortedColumns();
    expect(saved(kept)).toEqual(before);
    expect(kept.sortedColumns()).toEqual(sorted);

    const own = spent.savedCells();
    const inPlace = spent.sortedColumns();
    expect(inPlace).toEqual(sorted);
    expect(inPlace.cityIndex.buffer).toBe(own.cellA.buffer);
    expect(inPlace.sums[0].buffer).toBe(own.sums[0].buffer);
    // Let go: nothing is left to sort again.
    expect(spent.sortedColumns().n).toBe(0);
  });
});
