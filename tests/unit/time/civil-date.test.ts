import { describe, expect, it } from 'vitest';
import { civilFromDays, dayOfIsoDate, daysFromCivil, isoDateOfDay, isValidDate, weekdayOfDay } from '../../../shared/time/civil-date.ts';
import { DAY_MS } from '../../../shared/time/units.ts';

describe('civil dates', () => {
  it('number days like Date.UTC, both ways, across leap years and before the epoch', () => {
    for (let day = -800; day < 20_000; day += 37) {
      const d = new Date(day * DAY_MS);
      expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(day);
      expect(civilFromDays(day)).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
      expect(isoDateOfDay(day)).toBe(d.toISOString().slice(0, 10));
    }
  });

  it('reads ISO dates and rejects impossible ones', () => {
    expect(dayOfIsoDate('2018-03-11')).toBe(Date.UTC(2018, 2, 11) / DAY_MS);
    for (const bad of ['2018-02-29', '2018-13-01', '2018-3-11', '2018-03-11T00:00', '']) expect(dayOfIsoDate(bad)).toBeNaN();
    expect(isValidDate(2000, 2, 29)).toBe(true);
    expect(isValidDate(1900, 2, 29)).toBe(false);
    expect(isValidDate(2018, 4, 31)).toBe(false);
  });

  it('names weekdays Monday = 0', () => {
    expect(weekdayOfDay(dayOfIsoDate('1970-01-01'))).toBe(3); // Thursday
    expect(weekdayOfDay(dayOfIsoDate('2018-03-12'))).toBe(0); // Monday
    expect(weekdayOfDay(dayOfIsoDate('1969-12-28'))).toBe(6); // Sunday
  });
});
