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
});
