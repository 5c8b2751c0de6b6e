import { describe, expect, it } from 'vitest';
import { STAGES, type ColumnTable } from '../../../shared/cube/format.ts';
import { dayIndex, segments } from '../../../shared/scan/day-index.ts';

function table(rows: number, shuffle: boolean): ColumnTable {
  let seed = 3;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const columns: Record<string, Int32Array> = Object.fromEntries(['hour', 'region', 'source', 'distance', ...STAGES].map((c) => [c, new Int32Array(rows)]));
  for (let i = 0; i < rows; i++) {
    columns.hour[i] = 420_000 + Math.floor((i * 24 * 20) / rows);
    columns.region[i] = rnd(5);
    columns.source[i] = rnd(3);
    columns.distance[i] = rnd(4);
    for (const s of STAGES) columns[s][i] = 1 + rnd(9);
  }
  if (shuffle) {
    const order = Array.from({ length: rows }, (_, i) => i).sort(() => rnd(3) - 1);
    for (const key of Object.keys(columns)) columns[key] = Int32Array.from(order, (i) => columns[key][i]);
  }
  return { rows, columns };
}

function viaSegments(t: ColumnTable, from: number, to: number): number[] {
  const sums = new Array<number>(5 * 3).fill(0);
  for (const seg of segments(dayIndex(t, 'Europe/Moscow', { region: 5, source: 3, distance: 4 }), from, to)) {
    for (let i = seg.start; i < seg.end; i++) STAGES.forEach((s, k) => (sums[seg.cols.region[i] * 3 + (k % 3)] += seg.cols[s][i]));
  }
  return sums;
}

function bruteForce(t: ColumnTable, from: number, to: number): number[] {
  const sums = new Array<number>(5 * 3).fill(0);
  for (let i = 0; i < t.rows; i++) {
    if (t.columns.hour[i] < from || t.columns.hour[i] >= to) continue;
    STAGES.forEach((s, k) => (sums[t.columns.region[i] * 3 + (k % 3)] += t.columns[s][i]));
  }
  return sums;
}

describe('daily roll-up', () => {
  for (const shuffle of [false, true]) {
    it(`gives exactly the hourly sums for any range (${shuffle ? 'unsorted' : 'sorted'} cube)`, () => {
      const t = table(5000, shuffle);
      const ranges: Array<[number, number]> = [[0, 1e9], [420_000, 420_001], [420_005, 420_005 + 24 * 7 + 3], [420_030, 420_050], [420_100, 420_090], [420_000 + 24 * 19, 421_000]];
      for (const [from, to] of ranges) expect(viaSegments(t, from, to)).toEqual(bruteForce(t, from, to));
    });
  }
});
