import { describe, expect, it } from 'vitest';
import { changes, lastCompleteDay } from '../../../shared/metrics/change.ts';
import type { SeriesPoint } from '../../../shared/scan/types.ts';
import { localDaysOf } from '../../../shared/time/local-days.ts';

const utc = localDaysOf('UTC');

const day = (d: number, registered: number): SeriesPoint => ({ hour: d * 24, counts: { registered, phone: registered / 2, email: 0, questionnaire: 0, future: 0 } });

describe('change', () => {
  it('compares the last day with the day before and the last week with the one before', () => {
    const daily = Array.from({ length: 14 }, (_, d) => day(d, d === 13 ? 200 : d === 12 ? 100 : 10 * (d + 1)));
    const c = changes(daily, 13, utc);
    expect(c.day.registered).toEqual({ current: 200, previous: 100, ratio: 1 });
    expect(c.day.phone.ratio).toBe(1);
    const lastWeek = 80 + 90 + 100 + 110 + 120 + 100 + 200;
    const previousWeek = 10 + 20 + 30 + 40 + 50 + 60 + 70;
    expect(c.week.registered).toEqual({ current: lastWeek, previous: previousWeek, ratio: (lastWeek - previousWeek) / previousWeek });
    expect(c.day.email.ratio).toBeNull();
  });

  it('takes the last complete day of the data', () => {
    expect(lastCompleteDay(47, utc)).toBe(1);
    expect(lastCompleteDay(40, utc)).toBe(0);
  });
});
