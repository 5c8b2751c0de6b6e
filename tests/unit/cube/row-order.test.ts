import { describe, expect, it } from 'vitest';
import { mergedRowOrder, permuted, permutedAlong, ROW_GONE, sortedRowOrder, sortedRows } from '../../../data-pipeline/cube/row-order.ts';
import { prng } from '../../support/labelled-set.ts';

/** The order of SQL's ORDER BY over `keys`, ties by row index, the slow and obvious way. */
function referenceOrder(keys: Int32Array[], n: number): number[] {
  return Array.from({ length: n }, (_, i) => i).sort((x, y) => {
    for (const k of keys) if (k[x] !== k[y]) return k[x] - k[y];
    return x - y;
  });
}

describe('row order', () => {
  it('sorts by several columns, the first most significant, ties by row index', () => {
    const rnd = prng(1);
    const n = 3000;
    const keys = [0, 1, 2].map((w) => Int32Array.from({ length: n }, () => Math.floor(rnd() * [4, 50, 70_000][w]) - 10));
    expect([...sortedRowOrder(keys, n)]).toEqual(referenceOrder(keys, n));
  });

  it('hands back the key columns in sorted order, as gathered through the order, whatever their ranges', () => {
    const rnd = prng(5);
    const n = 2500;
    // Longer arrays than n (a cell table's spare room), one column of one value, one spanning all 32 bits.
    const keys = [
      Int32Array.from({ length: n + 7 }, () => Math.floor(rnd() * 3)),
      new Int32Array(n).fill(-4),
      Int32Array.from({ length: n }, () => (rnd() < 0.5 ? -0x80000000 + Math.floor(rnd() * 5) : 0x7fffffff - Math.floor(rnd() * 5))),
      Int32Array.from({ length: n }, () => Math.floor(rnd() * 200_000) - 100_000),
      Int32Array.from({ length: n }, () => Math.floor(rnd() * 9))
    ];
    const { order, keys: sorted } = sortedRows(keys, n);
    expect([...order]).toEqual(referenceOrder(keys, n));
    keys.forEach((key, k) => expect([...sorted[k]]).toEqual([...permuted(key, order)]));
    expect(sortedRows(keys, 0).keys.map((k) => k.length)).toEqual([0, 0, 0, 0, 0]);
    // In place: the same columns, written over the keys' own first n values.
    const own = keys.map((k) => k.slice());
    const inPlace = sortedRows(own, n, true);
    expect([...inPlace.order]).toEqual([...order]);
    inPlace.keys.forEach((k, i) => {
      expect(k.buffer).toBe(own[i].buffer);
      expect([...k]).toEqual([...sorted[i]]);
    });
  });

  for (const seed of [2, 3, 4]) {
    it(`merged from an earlier order equals sorting afresh after rows changed, were added and went (seed ${seed})`, () => {
      const rnd = prng(seed);
      const before = 2000;
      const n = before + Math.floor(rnd() * 300);
      // Counts first (they change), then dimensions (they never do), as the registrations cube orders its cells.
      const keys = [5, 3, 40, 900].map((range) => Int32Array.from({ length: n }, () => Math.floor(rnd() * range)));
      const previous = sortedRowOrder(keys, before);
      const moved = new Uint8Array(n).fill(1);
      moved.fill(0, 0, before);
      for (let i = 0; i < before; i++) {
        if (rnd() < 0.05) {
          keys[0][i] += 1 + Math.floor(rnd() * 3);
          moved[i] = 1;
        } else if (rnd() < 0.02) moved[i] = 1; // marked though unchanged: must land where it was
      }
      // Rows left out now (their registrations all taken out), kept ones and new ones alike.
      for (let i = 0; i < n; i++) if (rnd() < 0.03) moved[i] = ROW_GONE;
      const merged = mergedRowOrder(keys, n, previous, moved);
      expect([...merged.order]).toEqual(referenceOrder(keys, n).filter((i) => moved[i] !== ROW_GONE));
      // Columns copied in runs from the earlier order where rows stayed: the same as gathered afresh.
      const dimension = keys[3];
      expect([...permutedAlong(dimension, permuted(dimension, previous), merged)]).toEqual([...permuted(dimension, merged.order)]);
    });
  }
});
