import { describe, expect, it } from 'vitest';
import { HELD, SmallCellRule } from '../../../data-pipeline/export/small-cells.ts';

/** The rule over one city's days, as (day, counts) of the days that publish, with null for a held cell. */
function published(days: Array<{ day: number; counts: number[] }>, stages: number): Array<{ day: number; counts: Array<number | null> }> {
  const rule = new SmallCellRule(stages);
  const out = new Int32Array(stages);
  rule.startCity();
  return days.flatMap(({ day, counts }) => (rule.day(counts, out) ? [{ day, counts: [...out].map((c) => (c === HELD ? null : c)) }] : []));
}

describe('SmallCellRule', () => {
  it('carries small counts forward per stage until they reach 5, and drops a small remainder', () => {
    const days = [
      { day: 1, counts: [3, 1] },
      { day: 2, counts: [2, 1] },
      { day: 3, counts: [7, 0] },
      { day: 4, counts: [4, 3] }
    ];
    expect(published(days, 2)).toEqual([
      { day: 2, counts: [5, null] },
      { day: 3, counts: [7, null] },
      { day: 4, counts: [null, 5] }
    ]);
  });

  it('publishes nothing for a city with fewer than 5 in all', () => {
    expect(published([{ day: 1, counts: [4] }], 1)).toEqual([]);
  });

  it('starts each city with nothing carried', () => {
    const rule = new SmallCellRule(1);
    const out = new Int32Array(1);
    rule.startCity();
    expect(rule.day([4], out)).toBe(false);
    rule.startCity();
    expect(rule.day([4], out)).toBe(false);
    expect(rule.day([1], out)).toBe(true);
    expect(out[0]).toBe(5);
  });
});
