import { describe, expect, it } from 'vitest';
import { STAGES, type ColumnTable } from '../../../shared/cube/format.ts';
import { addDayBreakdown, addDayRegions, dayMarginals } from '../../../shared/scan/day-marginals.ts';
import { dayIndex, spans } from '../../../shared/scan/day-index.ts';

const SIZES = { region: 4, source: 3, distance: 5 };
// Distances 1 and 3 are within reach.
const REACH = Uint8Array.from([0, 1, 0, 1, 0]);

function table(rows: number): ColumnTable {
  let seed = 11;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const columns: Record<string, Int32Array> = Object.fromEntries(['hour', 'region', 'source', 'distance', ...STAGES].map((c) => [c, new Int32Array(rows)]));
  for (let i = 0; i < rows; i++) {
    columns.hour[i] = 430_000 + rnd(24 * 30);
    columns.region[i] = rnd(SIZES.region);
    columns.source[i] = rnd(SIZES.source);
    columns.distance[i] = rnd(SIZES.distance);
    for (const s of STAGES) columns[s][i] = rnd(7);
  }
  return { rows, columns };
}

/** The whole days of [from, to) summed row by row from the cube: what the running totals must give. */
function bruteForce(t: ColumnTable, from: number, to: number, stage: number) {
  const c = t.columns;
  const out = {
    totals: new Float64Array(5),
    region: new Float64Array(SIZES.region * 5),
    source: new Float64Array(SIZES.source * 5),
    distance: new Float64Array(SIZES.distance * 5),
    available: new Float64Array(SIZES.region),
    reachable: new Float64Array(SIZES.region)
  };
  for (let i = 0; i < t.rows; i++) {
    if (c.hour[i] < from || c.hour[i] >= to) continue;
    STAGES.forEach((s, k) => {
      out.totals[k] += c[s][i];
      out.region[c.region[i] * 5 + k] += c[s][i];
      out.source[c.source[i] * 5 + k] += c[s][i];
      out.distance[c.distance[i] * 5 + k] += c[s][i];
    });
    if (REACH[c.distance[i]]) {
      out.available[c.region[i]] += c.future[i];
      out.reachable[c.region[i]] += c[STAGES[stage]][i];
    }
  }
  return out;
}

describe('daily running totals', () => {
  it('give the sums of the whole days inside any range, for the breakdowns and the regional tallies', () => {
    const t = table(6000);
    const index = dayIndex(t, 'Europe/Moscow', SIZES);
    const marginals = dayMarginals(index, SIZES, REACH);
    const ranges: Array<[number, number]> = [[0, 1e9], [430_000, 430_001], [430_005, 430_005 + 24 * 7 + 3], [430_030, 430_050], [430_000 + 24 * 29, 431_000]];
    for (const [from, to] of ranges) {
      const { days } = spans(index, from, to);
      const dayHours: [number, number] = [index.anchor + days[0] * 24, index.anchor + days[1] * 24];
      const expected = days[0] < days[1] ? bruteForce(t, ...dayHours, 2) : bruteForce(t, 0, 0, 2);
      const views = { totals: new Float64Array(5), region: new Float64Array(SIZES.region * 5), source: new Float64Array(SIZES.source * 5), distance: new Float64Array(SIZES.distance * 5) };
      addDayBreakdown(marginals, days, views);
      const regions = { counts: new Float64Array(SIZES.region * 5), available: new Float64Array(SIZES.region), reachable: new Float64Array(SIZES.region) };
      addDayRegions(marginals, days, 2, regions);
      expect(views).toEqual({ totals: expected.totals, region: expected.region, source: expected.source, distance: expected.distance });
      expect(regions).toEqual({ counts: expected.region, available: expected.available, reachable: expected.reachable });
    }
    // The case above must not be vacuous: a week-long range has whole days with registrations in them.
    expect(spans(index, 430_005, 430_005 + 24 * 7 + 3).days[1] - spans(index, 430_005, 430_005 + 24 * 7 + 3).days[0]).toBe(7);
  });
});
