import { describe, expect, it } from 'vitest';
import { dayOfIsoDate } from '../../../shared/time/civil-date.ts';
import { hourOfIso } from '../../../shared/time/hours.ts';
import { LocalDays, localDaysOf } from '../../../shared/time/local-days.ts';
import { ZoneClock } from '../../../shared/time/zone-clock.ts';

describe('LocalDays', () => {
  const ny = new LocalDays(new ZoneClock('America/New_York'));

  it('starts a day at local midnight, with the offset of that day', () => {
    expect(ny.startHour(dayOfIsoDate('2018-01-15'))).toBe(hourOfIso('2018-01-15T05:00Z'));
    expect(ny.startHour(dayOfIsoDate('2018-07-15'))).toBe(hourOfIso('2018-07-15T04:00Z'));
  });

  it('makes the DST days 23 and 25 hours long', () => {
    const length = (date: string) => ny.startHour(dayOfIsoDate(date) + 1) - ny.startHour(dayOfIsoDate(date));
    expect(length('2018-03-11')).toBe(23);
    expect(length('2018-11-04')).toBe(25);
    expect(length('2018-11-05')).toBe(24);
  });

  it('puts every hour in the day whose span holds it', () => {
    const from = hourOfIso('2018-03-01T00:00Z');
    const misplaced: number[] = [];
    for (let h = from; h < from + 24 * 300; h++) {
      const day = ny.dayOfHour(h);
      if (h < ny.startHour(day) || h >= ny.startHour(day + 1) || ny.dayStartOfHour(h) !== ny.startHour(day)) misplaced.push(h);
    }
    expect(misplaced).toEqual([]);
  });

  it('rounds a half-hour midnight up to the next whole hour', () => {
    const kolkata = new LocalDays(new ZoneClock('Asia/Kolkata'));
    expect(kolkata.startHour(dayOfIsoDate('2018-01-02'))).toBe(hourOfIso('2018-01-01T19:00Z')); // midnight is 18:30Z
    expect(kolkata.dayOfHour(hourOfIso('2018-01-01T18:00Z'))).toBe(dayOfIsoDate('2018-01-01'));
  });

  it('shares a calendar per zone and reads an unknown zone as UTC', () => {
    expect(localDaysOf('America/New_York')).toBe(localDaysOf('America/New_York'));
    expect(localDaysOf('Not/AZone').startHour(10)).toBe(240);
  });
});
