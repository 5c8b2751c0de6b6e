import { describe, expect, it } from 'vitest';
import { rowWindow } from '../../../src/lib/views/row-window.ts';

describe('rowWindow', () => {
  it('renders every row of a table that fits its box', () => {
    expect(rowWindow(18, 0, 512, 26)).toEqual({ first: 0, last: 18, before: 0, after: 0 });
  });

  it('renders the rows in view plus the margin, and keeps the full height', () => {
    const w = rowWindow(83, 0, 512, 26, 8);
    expect(w).toEqual({ first: 0, last: 28, before: 0, after: 55 * 26 });
    const mid = rowWindow(83, 1000, 512, 26, 8);
    // Rows 38 (1000 / 26, rounded down) to 59 (1512 / 26, rounded up) are in view.
    expect(mid.first).toBe(38 - 8);
    expect(mid.last).toBe(59 + 8);
    expect(mid.before + (mid.last - mid.first) * 26 + mid.after).toBe(83 * 26);
  });

  it('stays inside the table when scrolled past its end or given no rows', () => {
    expect(rowWindow(83, 99_999, 512, 26)).toEqual({ first: 83, last: 83, before: 83 * 26, after: 0 });
    expect(rowWindow(0, 0, 512, 26)).toEqual({ first: 0, last: 0, before: 0, after: 0 });
  });
});
