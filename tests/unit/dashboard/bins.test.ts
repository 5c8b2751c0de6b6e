import { describe, expect, it } from 'vitest';
import { binStart, chooseBin, timeZoneOffsetHours } from '../../../shared/time/bins.ts';

describe('bins', () => {
  it('chooses hours when zoomed in, days and weeks when zoomed out', () => {
    expect(chooseBin(72, 800)).toBe(1);
    expect(chooseBin(45 * 24, 800)).toBe(24);
    expect(chooseBin(540 * 24, 800)).toBe(168);
    expect(chooseBin(45 * 24, 300)).toBe(24);
    expect(chooseBin(20 * 24, 300)).toBe(24);
  });

  it('aligns days to local midnight and weeks to local Monday', () => {
    const h = Date.UTC(2017, 11, 13, 10) / 3_600_000; // Wednesday 13 Dec 2017 10:00 UTC = 13:00 Moscow
    expect(new Date(binStart(h, 24, 3) * 3_600_000).toISOString()).toBe('2017-12-12T21:00:00.000Z');
    expect(new Date(binStart(h, 168, 3) * 3_600_000).toISOString()).toBe('2017-12-10T21:00:00.000Z');
    expect(new Date(binStart(h, 168, 0) * 3_600_000).toISOString()).toBe('2017-12-11T00:00:00.000Z');
    expect(binStart(h, 1, 3)).toBe(h);
  });

  it('knows the campaign time zone offset', () => {
    expect(timeZoneOffsetHours('Europe/Moscow', Date.UTC(2017, 11, 1))).toBe(3);
    expect(timeZoneOffsetHours('America/Chicago', Date.UTC(2018, 0, 1))).toBe(-6);
    expect(timeZoneOffsetHours('Not/AZone', 0)).toBe(0);
    // Either side of a DST change, asked twice: the remembered offsets are per hour.
    for (let pass = 0; pass < 2; pass++) {
      expect(timeZoneOffsetHours('America/Chicago', Date.UTC(2018, 2, 11, 7, 59))).toBe(-6);
      expect(timeZoneOffsetHours('America/Chicago', Date.UTC(2018, 2, 11, 8))).toBe(-5);
    }
  });
});
