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
});
