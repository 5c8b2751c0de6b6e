import { describe, expect, it } from 'vitest';
import { CellTable } from '../../../data-pipeline/cube/cells.ts';

/** Every cell's sums by "a,b". */
function byKey(t: CellTable): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (let c = 0; c < t.size; c++) m.set(`${t.cellA[c]},${t.cellB[c]}`, t.sums.map((s) => s[c]));
  return m;
}

describe('CellTable.addRows', () => {
  const n = 50_000;
  const a = Int32Array.from({ length: n }, (_, i) => i % 977);
  const b = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 977));
  const sums = [Int32Array.from({ length: n }, (_, i) => i + 1), Int32Array.from({ length: n }, (_, i) => i % 3)];

  it('loads distinct cells into an empty table as probing each would, and finds them afterwards', () => {
    const loaded = new CellTable(2, 16);
    loaded.addRows(a, b, sums, 1, true);
    const probed = new CellTable(2, 16);
    probed.addRows(a, b, sums, 1);
    expect(loaded.size).toBe(n);
    expect([...loaded.cellA.subarray(0, n)]).toEqual([...probed.cellA.subarray(0, n)]);
    expect(byKey(loaded)).toEqual(byKey(probed));
    // Later rows find the loaded cells (a second source adds to them), and new ones are added.
    const more = [Int32Array.of(5, -1), Int32Array.of(7, 0)];
    for (const t of [loaded, probed]) t.addRows(Int32Array.of(a[123], 4000), Int32Array.of(b[123], 4000), more, -1);
    expect(loaded.size).toBe(n + 1);
    expect(byKey(loaded)).toEqual(byKey(probed));
    expect(byKey(loaded).get(`${a[123]},${b[123]}`)).toEqual([124 - 5, (123 % 3) - 7]);
  });

  /** Copies of `c` as readIntColumns reads them with room 0.5: a view of the rows at the start of a larger buffer. */
  const roomy = (c: Int32Array): Int32Array => {
    const own = new Int32Array(c.length + Math.ceil(c.length / 2)).subarray(0, c.length);
    own.set(c);
    return own;
  };

  it('takes distinct cells read with room over as its own columns, and adds new cells in that room', () => {
    const [ra, rb, rsums] = [roomy(a), roomy(b), sums.map(roomy)];
    const loaded = new CellTable(2, 16);
    loaded.addRows(ra, rb, rsums, 1, true);
    const probed = new CellTable(2, 16);
    probed.addRows(a, b, sums, 1);
    expect(loaded.cellA.buffer).toBe(ra.buffer);
    expect(loaded.sums[1].buffer).toBe(rsums[1].buffer);
    expect(byKey(loaded)).toEqual(byKey(probed));
    const more = [Int32Array.of(5, 9), Int32Array.of(7, 1)];
    for (const t of [loaded, probed]) t.addRows(Int32Array.of(a[9], 4000), Int32Array.of(b[9], 4000), more, 1);
    expect(loaded.size).toBe(n + 1);
    expect(loaded.cellA.buffer).toBe(ra.buffer);
    expect(byKey(loaded)).toEqual(byKey(probed));
  });

  it('copies columns without that room, or sharing a buffer, leaving them as they were', () => {
    const tight = new CellTable(2, 16);
    tight.addRows(a, b, sums, 1, true);
    expect(tight.cellA.buffer).not.toBe(a.buffer);
    // One column given as both keys: the cells (i, i) are distinct, but one buffer cannot be two of the table's.
    const ids = Int32Array.from({ length: n }, (_, i) => i);
    const same = roomy(ids);
    const shared = new CellTable(2, 16);
    shared.addRows(same, same, [roomy(sums[0]), roomy(sums[1])], 1, true);
    expect(shared.cellA.buffer).not.toBe(same.buffer);
    shared.addRows(Int32Array.of(-1), Int32Array.of(-2), [Int32Array.of(1), Int32Array.of(1)], 1);
    expect([...same]).toEqual([...ids]);
    expect(shared.size).toBe(n + 1);
    expect(byKey(shared).get('7,7')).toEqual([8, 1]);
  });
});

describe('CellTable.fromColumns', () => {
  const n = 20_000;
  const columns = (): [Int32Array, Int32Array, Int32Array[]] => [
    Int32Array.from({ length: n }, (_, i) => i % 613),
    Int32Array.from({ length: n }, (_, i) => Math.floor(i / 613)),
    [Int32Array.from({ length: n }, (_, i) => 2 * i + 1), Int32Array.from({ length: n }, (_, i) => i % 5)]
  ];
  const withRoom = (c: Int32Array): Int32Array => {
    const own = new Int32Array(c.length * 2).subarray(0, c.length);
    own.set(c);
    return own;
  };

  it('takes columns that start buffers of their own as its own, and adds new cells in their room', () => {
    const [a, b, sums] = columns();
    const saved = { cellA: withRoom(a), cellB: withRoom(b), sums: sums.map(withRoom) };
    const t = CellTable.fromColumns(2, saved);
    const probed = new CellTable(2, 16);
    probed.addRows(a, b, sums, 1);
    expect(t.cellA.buffer).toBe(saved.cellA.buffer);
    expect(t.sums[1].buffer).toBe(saved.sums[1].buffer);
    expect(byKey(t)).toEqual(byKey(probed));
    const more = [Int32Array.of(10, 20), Int32Array.of(1, 2)];
    for (const x of [t, probed]) x.addRows(Int32Array.of(a[77], 9999), Int32Array.of(b[77], 9999), more, 1);
    expect(t.size).toBe(n + 1);
    expect(t.cellA.buffer).toBe(saved.cellA.buffer);
    expect(byKey(t)).toEqual(byKey(probed));
  });

  it('copies views into a shared buffer, leaving them as they were', () => {
    const [a, b, sums] = columns();
    const body = new Int32Array(4 * n);
    const views = [a, b, ...sums].map((c, k) => {
      const v = body.subarray(k * n, (k + 1) * n);
      v.set(c);
      return v;
    });
    const t = CellTable.fromColumns(2, { cellA: views[0], cellB: views[1], sums: views.slice(2) });
    t.addRows(Int32Array.of(a[0]), Int32Array.of(b[0]), [Int32Array.of(100), Int32Array.of(100)], 1);
    expect(t.cellA.buffer).not.toBe(body.buffer);
    expect(views[2][0]).toBe(sums[0][0]);
    expect(t.sums[0][0]).toBe(sums[0][0] + 100);
  });

  it('hands over its slots when let go, and starts empty', () => {
    const [a, b, sums] = columns();
    const t = new CellTable(2, 16);
    t.addRows(a, b, sums, 1);
    const slots = t.takeSlots();
    expect(slots.length).toBeGreaterThan(n);
    expect(t.size).toBe(0);
    slots.fill(-1);
    t.addRows(Int32Array.of(5), Int32Array.of(6), [Int32Array.of(1), Int32Array.of(2)], 1);
    t.addRows(Int32Array.of(5), Int32Array.of(6), [Int32Array.of(1), Int32Array.of(2)], 1);
    expect(byKey(t)).toEqual(new Map([['5,6', [2, 4]]]));
  });
});
