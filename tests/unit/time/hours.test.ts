import { describe, expect, it } from 'vitest';
import { hourOfIso, hourOfMs, isoOfHour, msOfHour } from '../../../shared/time/hours.ts';
import { HOUR_MS } from '../../../shared/time/units.ts';

describe('cube hours', () => {
  it('converts between instants, ISO text and whole hours', () => {
    const ms = Date.parse('2017-12-10T15:42:07Z');
    expect(hourOfMs(ms)).toBe(Math.floor(ms / HOUR_MS));
    expect(hourOfMs(-1)).toBe(-1);
    expect(hourOfIso('2017-12-10T18:42:07+03:00')).toBe(hourOfMs(ms));
    expect(hourOfIso('not a time')).toBeNaN();
    expect(msOfHour(hourOfMs(ms))).toBe(Date.parse('2017-12-10T15:00:00Z'));
    expect(isoOfHour(hourOfMs(ms))).toBe('2017-12-10T15:00Z');
    expect(hourOfIso(isoOfHour(420_000))).toBe(420_000);
  });
});
