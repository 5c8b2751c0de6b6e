/**
 * Sorting a cube's rows by several int32 columns, for the cube's published row order (cube/aggregate.ts): the
 * order of SQL's ORDER BY over the same columns, ascending, ties by row index.
 *
 * An LSD radix sort of row indexes. Each key column is stored as its offset from its minimum, in as many bits as
 * its range needs, and the columns are packed side by side into 32-bit words (the last column in the lowest
 * bits), so the 1M demo's nine key columns (counts, source, distance, region, hour: 72 bits) make three words
 * and six 16-bit passes instead of one or more per column. Every pass is a stable counting sort that moves the
 * words along with the indexes: it reads sequentially instead of gathering a key per row (~0.2 s of CPU for
 * the demo's 695k cells on this loaded machine; loading them into DuckDB to sort took ~0.9 s).
 */

const DIGIT_BITS = 16;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;

/** Bits needed for values 0…span. */
const bitsFor = (span: number): number => (span === 0 ? 0 : Math.floor(Math.log2(span)) + 1);

/** A key word: its per-row values, and how many of its low bits are used. */
interface KeyWord {
  values: Uint32Array;
  bits: number;
}

/** Where a key column sits in the packed words: its word, bit shift and width, and the minimum it is offset from. */
interface KeyPlace {
  word: number;
  shift: number;
  bits: number;
  min: number;
}

/** The key columns packed into words, least significant word first, and where each column went. */
function packedKeys(keys: readonly Int32Array[], n: number): { words: KeyWord[]; places: KeyPlace[] } {
  const words: KeyWord[] = [];
  const places: KeyPlace[] = new Array(keys.length);
  let word: KeyWord | null = null;
  for (let k = keys.length - 1; k >= 0; k--) {
    const column = keys[k];
    const min = minimum(column, n);
    const bits = n === 0 ? 0 : bitsFor(maximum(column, n) - min);
    if (bits === 0) {
      places[k] = { word: -1, shift: 0, bits, min }; // one value: no effect on the order
      continue;
    }
    if (!word || word.bits + bits > 32) words.push((word = { values: new Uint32Array(n), bits: 0 }));
    places[k] = { word: words.length - 1, shift: word.bits, bits, min };
    pack(word.values, column, n, min, word.bits);
    word.bits += bits;
  }
  return { words, places };
}

// The loops below are small functions of typed arrays only, so that each is optimised once for all its calls.

function minimum(column: Int32Array, n: number): number {
  let min = 0x7fffffff;
  for (let i = 0; i < n; i++) if (column[i] < min) min = column[i];
  return min;
}

function maximum(column: Int32Array, n: number): number {
  let max = -0x80000000;
  for (let i = 0; i < n; i++) if (column[i] > max) max = column[i];
  return max;
}

/** ORs each value's offset from `min` into `word` at bit `shift` (max − min < 2^32: `>>> 0` keeps it exact). */
function pack(word: Uint32Array, column: Int32Array, n: number, min: number, shift: number): void {
  for (let i = 0; i < n; i++) word[i] |= ((column[i] - min) >>> 0) << shift;
}

/** For each row, where a stable counting sort on `key`'s 16-bit digit at `shift` puts it. */
function destinations(key: Uint32Array, n: number, shift: number, digits: number, counts: Uint32Array, out: Uint32Array): void {
  counts.fill(0, 0, digits);
  for (let i = 0; i < n; i++) counts[(key[i] >>> shift) & DIGIT_MASK]++;
  let at = 0;
  for (let d = 0; d < digits; d++) {
    const c = counts[d];
    counts[d] = at;
    at += c;
  }
  for (let i = 0; i < n; i++) out[i] = counts[(key[i] >>> shift) & DIGIT_MASK]++;
}

function scatter(from: Uint32Array, to: Uint32Array, destination: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) to[destination[i]] = from[i];
}

/** Row indexes 0…n−1 ordered by `keys` (columns of at least n values, the first most significant). */
export function sortedRowOrder(keys: readonly Int32Array[], n: number): Uint32Array {
  return radixSort(keys, n, false).order;
}

/**
 * sortedRowOrder's order, and each key column in that order, unpacked from the words the sort moves with the rows
 * when it moves every word on every pass: gathering each row through the order instead reads it at random
 * (permutedColumns: 1.5 s of the 10M demo's build for its 3.2M cube cells, all nine columns keys). `inPlace`: the
 * sorted columns are written over the key columns themselves (their first n values), which the caller no longer
 * needs in their old order — no fresh memory for them (each page first written costs a fault of ~12 µs here).
 * `spent`: the sort's own arrays of n values that nothing reads any more, for the caller to write over.
 */
export function sortedRows(keys: readonly Int32Array[], n: number, inPlace = false): { order: Uint32Array; keys: Int32Array[]; spent: Uint32Array[] } {
  const { order, words, places, spent } = radixSort(keys, n, true);
  const sorted = places.map((p, k) => unpacked(p.word < 0 ? null : words[p.word], p, n, inPlace ? keys[k].subarray(0, n) : new Int32Array(n)));
  // Once unpacked, the words are spent too.
  return { order, keys: sorted, spent: [...spent, ...words] };
}

/** The column at `place` in `word` (null: the column has one value), as it was before packing, written to `out`. */
function unpacked(word: Uint32Array | null, place: KeyPlace, n: number, out: Int32Array): Int32Array {
  if (!word) return out.fill(place.min);
  const { shift, min } = place;
  const mask = place.bits === 32 ? 0xffffffff : (1 << place.bits) - 1;
  for (let i = 0; i < n; i++) out[i] = (((word[i] >>> shift) & mask) + min) | 0;
  return out;
}

/**
 * The LSD radix sort; `carryAll`: every word moves with the rows (else only those not yet sorted on). `spent`: its
 * own arrays of n values that it no longer needs, for a caller to write over instead of taking fresh memory.
 */
function radixSort(keys: readonly Int32Array[], n: number, carryAll: boolean): { order: Uint32Array; words: Uint32Array[]; places: KeyPlace[]; spent: Uint32Array[] } {
  const { words, places } = packedKeys(keys, n);
  let order: Uint32Array = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare: Uint32Array = new Uint32Array(n);
  const destination = new Uint32Array(n);
  const counts = new Uint32Array(1 << DIGIT_BITS);
  for (let w = 0; w < words.length; w++) {
    for (let shift = 0; shift < words[w].bits; shift += DIGIT_BITS) {
      destinations(words[w].values, n, shift, 1 << Math.min(DIGIT_BITS, words[w].bits - shift), counts, destination);
      // The rows move, and with them the words not yet sorted on; one spare array takes turns with them.
      const move = (from: Uint32Array): Uint32Array => {
        scatter(from, spare, destination, n);
        const moved = spare;
        spare = from;
        return moved;
      };
      order = move(order);
      for (let v = carryAll ? 0 : w; v < words.length; v++) words[v].values = move(words[v].values);
    }
  }
  return { order, words: words.map((w) => w.values), places, spent: [spare, destination] };
}

/** A merged order (mergedRowOrder), and where each of its rows was in the earlier order if it stayed (else −1). */
export interface MergedOrder {
  order: Uint32Array;
  previousAt: Int32Array;
}

/** What became of a row since an earlier order (mergedRowOrder). */
export const ROW_STAYED = 0;
export const ROW_MOVED = 1;
export const ROW_GONE = 2;

/**
 * The same order as `sortedRowOrder(keys, n)` without the rows marked ROW_GONE, from an earlier one: `previous`
 * orders some of rows 0…n−1 by their keys then, and `moved[i]` is ROW_MOVED for every row whose keys may have
 * changed since and for every row `previous` lacks, ROW_GONE for a row left out now (in `previous` or not), and
 * ROW_STAYED for the others (all in `previous`). The moved rows are sorted alone and placed among those that
 * stayed, which keep their order — a small share of a million rows costs a fraction of sorting them all.
 */
export function mergedRowOrder(keys: readonly Int32Array[], n: number, previous: Uint32Array, moved: Uint8Array): MergedOrder {
  let m = 0;
  let gone = 0;
  for (let i = 0; i < n; i++) {
    if (moved[i] === ROW_MOVED) m++;
    else if (moved[i] === ROW_GONE) gone++;
  }
  const movedRows = new Uint32Array(m);
  for (let i = 0, j = 0; i < n; i++) if (moved[i] === ROW_MOVED) movedRows[j++] = i;
  // Sorted among themselves; ties keep their row order, as in a full sort, since movedRows ascends.
  const movedOrder = sortedRowOrder(keys.map((k) => permuted(k, movedRows)), m);
  const staying = new Uint32Array(n - m - gone);
  const stayingAt = new Int32Array(n - m - gone);
  for (let a = 0, s = 0; a < previous.length; a++) {
    if (moved[previous[a]] !== ROW_STAYED) continue;
    staying[s] = previous[a];
    stayingAt[s++] = a;
  }
  // Each moved row goes where a binary search among the staying ones puts it: m·log n comparisons, where a
  // merge compared every row (and read each one's keys at random: ~0.65 s for the 1M demo's cube).
  const order = new Uint32Array(n - gone);
  const previousAt = new Int32Array(n - gone);
  let o = 0;
  let from = 0;
  const stay = (to: number): void => {
    order.set(staying.subarray(from, to), o);
    previousAt.set(stayingAt.subarray(from, to), o);
    o += to - from;
    from = to;
  };
  for (let b = 0; b < m; b++) {
    const y = movedRows[movedOrder[b]];
    let lo = from;
    let hi = staying.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(keys, staying[mid], y)) lo = mid + 1;
      else hi = mid;
    }
    stay(lo);
    order[o] = y;
    previousAt[o++] = -1;
  }
  stay(staying.length);
  return { order, previousAt };
}

/**
 * `column`'s values in a merged order, copied in runs from `previousColumn` (the same column in the earlier order)
 * where rows stayed: sequential copies instead of a gather per row.
 */
export function permutedAlong(column: Int32Array, previousColumn: Int32Array, merged: MergedOrder): Int32Array {
  const { order, previousAt } = merged;
  const n = order.length;
  const out = new Int32Array(n);
  let o = 0;
  while (o < n) {
    const p = previousAt[o];
    if (p < 0) {
      out[o] = column[order[o]];
      o++;
      continue;
    }
    let e = o + 1;
    while (e < n && previousAt[e] === p + (e - o)) e++;
    out.set(previousColumn.subarray(p, p + e - o), o);
    o = e;
  }
  return out;
}

/** Whether row x comes before row y: by the keys, the first most significant, then by row index. */
function before(keys: readonly Int32Array[], x: number, y: number): boolean {
  for (let k = 0; k < keys.length; k++) {
    const d = keys[k][x] - keys[k][y];
    if (d !== 0) return d < 0;
  }
  return x < y;
}

/** `column`'s values in `order` (row indexes). */
export function permuted(column: Int32Array, order: Uint32Array): Int32Array {
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = column[order[i]];
  return out;
}

/**
 * `columns` each permuted by `order` (as `permuted`), gathered together: the columns are first laid side by side
 * in one row-major array, so that gathering a row reads one or two cache lines where gathering each column apart
 * misses the cache once per column per row. Gathering the 10M demo's 3.2M cube cells nine columns apart took
 * 2.3 s of its build. `inPlace`: gathered back over the columns themselves (their first values), which the caller
 * no longer needs in their old order, instead of into fresh memory.
 */
export function permutedColumns(columns: readonly Int32Array[], order: Uint32Array, inPlace = false): Int32Array[] {
  const w = columns.length;
  const n = order.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (order[i] >= m) m = order[i] + 1;
  const rows = new Int32Array(m * w);
  for (let k = 0; k < w; k++) interleave(rows, columns[k], m, w, k);
  const out = columns.map((c) => (inPlace ? c.subarray(0, n) : new Int32Array(n)));
  gatherRows(out, rows, order, w);
  return out;
}

function interleave(rows: Int32Array, column: Int32Array, m: number, w: number, k: number): void {
  for (let i = 0; i < m; i++) rows[i * w + k] = column[i];
}

// A row at a time, all its columns: one column at a time would miss the cache on every row again.
function gatherRows(out: Int32Array[], rows: Int32Array, order: Uint32Array, w: number): void {
  for (let i = 0; i < order.length; i++) {
    const at = order[i] * w;
    for (let k = 0; k < w; k++) out[k][i] = rows[at + k];
  }
}
