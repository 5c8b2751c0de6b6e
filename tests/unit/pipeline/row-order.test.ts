import { describe, expect, it } from 'vitest';
import { permuted, permutedColumns, sortedRowOrder } from '../../../data-pipeline/cube/row-order.ts';
import { mulberry32 } from '../../../shared/random/mulberry32.ts';

/** The order SQL's ORDER BY k0, k1, … gives, by a comparator: the oracle for the radix sort. */
function comparatorOrder(keys: Int32Array[], n: number): number[] {
  const rows = Array.from({ length: n }, (_, i) => i);
  return rows.sort((a, b) => {
    for (const k of keys) if (k[a] !== k[b]) return k[a] - k[b];
    return a - b;
  });
}

function column(n: number, random: () => number, lo: number, hi: number): Int32Array {
  return Int32Array.from({ length: n }, () => lo + Math.floor(random() * (hi - lo + 1)));
}

describe('sortedRowOrder', () => {
  it('orders like ORDER BY over small counts, hours, a constant column and ties', () => {
    const random = mulberry32(11);
    const n = 6_000;
    const keys = [column(n, random, 0, 3), column(n, random, 5, 5), column(n, random, 0, 1), column(n, random, 406_000, 420_000), column(n, random, 0, 82)];
    expect([...sortedRowOrder(keys, n)]).toEqual(comparatorOrder(keys, n));
  });

  it('handles spans past 16 bits, negative values and the full int32 range', () => {
    const random = mulberry32(5);
    const n = 5_000;
    const wide = column(n, random, -(2 ** 31), 2 ** 31 - 1);
    wide[0] = -(2 ** 31);
    wide[1] = 2 ** 31 - 1;
    const keys = [column(n, random, -70_000, 70_000), wide];
    expect([...sortedRowOrder(keys, n)]).toEqual(comparatorOrder(keys, n));
    expect([...sortedRowOrder([wide], n)]).toEqual(comparatorOrder([wide], n));
  });

  it('sorts only the first n rows of longer columns, and permuted gathers them', () => {
    const hour = Int32Array.from([30, 10, 20, 0, -5]);
    const count = Int32Array.from([1, 2, 3, 4, 5]);
    const order = sortedRowOrder([hour], 3);
    expect([...order]).toEqual([1, 2, 0]);
    expect([...permuted(count, order)]).toEqual([2, 3, 1]);
  });

  it('permutedColumns gathers every column as permuted does, from columns longer than the rows ordered', () => {
    const n = 5_000;
    const columns = [0, 1, 2].map((k) => Int32Array.from({ length: n + 7 * k }, (_, i) => (i * 7919 + k * 13) % 1_000_003));
    const order = sortedRowOrder([columns[0]], n);
    expect(permutedColumns(columns, order).map((c) => [...c])).toEqual(columns.map((c) => [...permuted(c, order)]));
  });

  it('permutedColumns in place writes the gathered values over the columns themselves', () => {
    const n = 5_000;
    const columns = [0, 1, 2].map((k) => Int32Array.from({ length: n + 7 * k }, (_, i) => (i * 7919 + k * 13) % 1_000_003));
    const order = sortedRowOrder([columns[1]], n);
    const expected = columns.map((c) => [...permuted(c, order)]);
    const gathered = permutedColumns(columns, order, true);
    expect(gathered.map((c) => [...c])).toEqual(expected);
    gathered.forEach((c, k) => expect(c.buffer).toBe(columns[k].buffer));
    expect(columns.map((c) => [...c.subarray(0, n)])).toEqual(expected);
  });
});
