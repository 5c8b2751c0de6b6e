/**
 * Sorting a cube's rows by several int32 columns, for the cube's published row order (cube/aggregate.ts): an
 * LSD radix sort of row indexes, 16 bits per pass, least significant column first. Each pass is a stable counting
 * sort, so after the last one the rows are ordered by the first column, ties by the second, and so on — the order
 * of SQL's ORDER BY over the same columns, ascending. A column's passes cover only its value range
 * (max − min), so a constant column costs one scan and hours or small counts one pass.
 */

const DIGIT_BITS = 16;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;

/** Row indexes 0…n−1 ordered by `keys` (equal-length columns, the first most significant), ties by index. */
export function sortedRowOrder(keys: readonly Int32Array[], n: number): Uint32Array {
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(1 << DIGIT_BITS);
  for (let k = keys.length - 1; k >= 0; k--) {
    const column = keys[k];
    let min = 0x7fffffff;
    let max = -0x80000000;
    for (let i = 0; i < n; i++) {
      const v = column[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    // max − min < 2^32: `>>> 0` of a value's offset from min is exact.
    const span = max - min;
    for (let shift = 0; shift < 32 && span >= 2 ** shift; shift += DIGIT_BITS) {
      const digits = Math.min(Math.floor(span / 2 ** shift) + 1, DIGIT_MASK + 1);
      counts.fill(0, 0, digits);
      for (let i = 0; i < n; i++) counts[(((column[i] - min) >>> 0) >>> shift) & DIGIT_MASK]++;
      let at = 0;
      for (let d = 0; d < digits; d++) {
        const c = counts[d];
        counts[d] = at;
        at += c;
      }
      for (let i = 0; i < n; i++) {
        const row = order[i];
        spare[counts[(((column[row] - min) >>> 0) >>> shift) & DIGIT_MASK]++] = row;
      }
      [order, spare] = [spare, order];
    }
  }
  return order;
}

/** `column`'s values in `order` (row indexes). */
export function permuted(column: Int32Array, order: Uint32Array): Int32Array {
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = column[order[i]];
  return out;
}
