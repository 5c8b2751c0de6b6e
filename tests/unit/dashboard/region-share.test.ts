import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../shared/scan/scan-engine.ts';
import { HOURS_PER_DAY } from '../../../shared/time/units.ts';
import { REGISTRATIONS, tinyDataset } from '../../support/tiny-dataset.ts';

describe('regional share', () => {
  it('per day: registrations from the group against all, under the distance filter, whatever the region filter and brush', () => {
    const engine = createEngine(tinyDataset());
    // Independent: the hand-made rows by day.
    const byDay = new Map<number, { group: number; all: number }>();
    for (const [city, day, n] of REGISTRATIONS) {
      const d = byDay.get(day) ?? { group: 0, all: 0 };
      d.all += n;
      if (city === 0) d.group += n;
      byDay.set(day, d);
    }
    const expected = [...byDay].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    engine.setFilters({ regions: ['RU-OMS'], hours: [0, 1] });
    expect(engine.regionShare(['RU-TUL'], HOURS_PER_DAY).map(({ group, all }) => ({ group, all }))).toEqual(expected);
    engine.setFilters({ distance: ['city'] });
    expect(engine.regionShare(['RU-TUL'], HOURS_PER_DAY).filter((p) => p.all > 0).map(({ group, all }) => ({ group, all }))).toEqual([
      { group: 7, all: 7 },
      { group: 3, all: 3 }
    ]);
  });
});
