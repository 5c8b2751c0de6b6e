import { describe, expect, it } from 'vitest';
import { binStart, binStarts, chooseBin } from '../../../shared/time/bins.ts';
import { hourOfIso } from '../../../shared/time/hours.ts';
import { localDaysOf } from '../../../shared/time/local-days.ts';

describe('bins', () => {
  it('chooses hours when zoomed in, days and weeks when zoomed out', () => {
    expect(chooseBin(72, 800)).toBe(1);
    expect(chooseBin(45 * 24, 800)).toBe(24);
    expect(chooseBin(540 * 24, 800)).toBe(168);
    expect(chooseBin(45 * 24, 300)).toBe(24);
    expect(chooseBin(20 * 24, 300)).toBe(24);
  });

  it('aligns days to local midnight and weeks to local Monday', () => {
    const moscow = localDaysOf('Europe/Moscow');
    const h = hourOfIso('2017-12-13T10:00Z'); // Wednesday, 13:00 in Moscow
    expect(binStart(h, 24, moscow)).toBe(hourOfIso('2017-12-12T21:00Z'));
    expect(binStart(h, 168, moscow)).toBe(hourOfIso('2017-12-10T21:00Z'));
    expect(binStart(h, 168, localDaysOf('UTC'))).toBe(hourOfIso('2017-12-11T00:00Z'));
    expect(binStart(h, 1, moscow)).toBe(h);
  });

  it('follows DST: a week holding the spring change is 167 hours long', () => {
    const ny = localDaysOf('America/New_York');
    const monday = hourOfIso('2018-03-05T05:00Z'); // EST midnight
    const nextMonday = hourOfIso('2018-03-12T04:00Z'); // EDT midnight
    expect(binStart(nextMonday - 1, 168, ny)).toBe(monday);
    expect(binStart(nextMonday, 168, ny)).toBe(nextMonday);
  });

  it('tabulates the same starts as binStart, hour by hour', () => {
    const ny = localDaysOf('America/New_York');
    const first = hourOfIso('2018-02-20T13:00Z');
    for (const bin of [1, 24, 168]) {
      const table = binStarts(first, 24 * 40, bin, ny);
      expect(Array.from(table)).toEqual(Array.from(table, (_, k) => binStart(first + k, bin, ny)));
    }
  });
});
