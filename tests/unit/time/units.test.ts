import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, HOURS_PER_DAY, HOURS_PER_WEEK, MINUTE_MS, SECOND_MS } from '../../../shared/time/units.ts';

describe('units', () => {
  it('agree with Date arithmetic', () => {
    expect(SECOND_MS).toBe(1000);
    expect(MINUTE_MS).toBe(Date.UTC(1970, 0, 1, 0, 1));
    expect(HOUR_MS).toBe(Date.UTC(1970, 0, 1, 1));
    expect(DAY_MS).toBe(Date.UTC(1970, 0, 2));
    expect(HOURS_PER_DAY * HOUR_MS).toBe(DAY_MS);
    expect(HOURS_PER_WEEK).toBe(7 * HOURS_PER_DAY);
  });
});
