import { describe, expect, it } from 'vitest';
import { holdSmallCells } from '../../../data-pipeline/export/small-cells.ts';

describe('holdSmallCells', () => {
  it('carries small counts forward per stage until they reach 5, and drops a small remainder', () => {
    const days = [
      { day: 1, counts: [3, 1] },
      { day: 2, counts: [2, 1] },
      { day: 3, counts: [7, 0] },
      { day: 4, counts: [4, 3] }
    ];
    expect(holdSmallCells(days, 2)).toEqual([
      { day: 2, counts: [5, null] },
      { day: 3, counts: [7, null] },
      { day: 4, counts: [null, 5] }
    ]);
  });

  it('publishes nothing for a city with fewer than 5 in all', () => {
    expect(holdSmallCells([{ day: 1, counts: [4] }], 1)).toEqual([]);
  });
});
