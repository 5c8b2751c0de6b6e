import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../shared/time/units.ts';
import { ZoneClock, zoneClockOf } from '../../../shared/time/zone-clock.ts';

describe('ZoneClock', () => {
  const ny = new ZoneClock('America/New_York');

  it('knows the offset at an instant, either side of a DST change', () => {
    expect(ny.offsetAt(Date.parse('2018-03-11T06:59:59Z'))).toBe(-5 * HOUR_MS);
    expect(ny.offsetAt(Date.parse('2018-03-11T07:00:00Z'))).toBe(-4 * HOUR_MS);
    expect(new ZoneClock('Asia/Kolkata').offsetAt(0)).toBe(5.5 * HOUR_MS);
  });

  it('converts wall-clock time to UTC, the later offset inside a gap, asked twice (cached)', () => {
    for (let pass = 0; pass < 2; pass++) {
      expect(ny.toUtc(Date.parse('2018-07-15T00:00Z'))).toBe(Date.parse('2018-07-15T04:00Z'));
      expect(ny.toUtc(Date.parse('2018-01-15T00:00Z'))).toBe(Date.parse('2018-01-15T05:00Z'));
      expect(ny.toUtc(Date.parse('2018-03-11T02:30Z'))).toBe(Date.parse('2018-03-11T06:30Z'));
    }
  });

  it('rejects an unknown zone; zoneClockOf shares one clock per zone', () => {
    expect(() => new ZoneClock('Not/AZone')).toThrow(RangeError);
    expect(zoneClockOf('Europe/Moscow')).toBe(zoneClockOf('Europe/Moscow'));
  });
});

describe('ZoneClock.toUtc against the offset settled for each hour', () => {
  // What toUtc answered before it remembered whole days: the offset settled at the hour itself.
  const settled = (clock: ZoneClock, localMs: number): number => localMs - clock.offsetAt(localMs - clock.offsetAt(localMs));
  const zones = ['America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Europe/Moscow', 'America/Santiago', 'Asia/Kolkata'];

  it.each(zones)('agrees at every half hour of 2011 in %s (DST changes, 30-minute shifts, a zone that stopped changing)', (zone) => {
    const clock = new ZoneClock(zone);
    const reference = new ZoneClock(zone);
    const from = Date.parse('2011-01-01T00:00Z');
    const to = Date.parse('2012-01-01T00:00Z');
    const wrong: string[] = [];
    for (let local = from; local < to; local += HOUR_MS / 2) {
      if (clock.toUtc(local) !== settled(reference, local)) wrong.push(new Date(local).toISOString());
    }
    expect(wrong).toEqual([]);
  });
});
