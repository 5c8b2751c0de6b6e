import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type Dataset } from '../../../shared/cube/dataset.ts';
import { cubeRows } from '../../../shared/scan/cube-rows.ts';
import { DEFAULT_FILTERS } from '../../../shared/scan/scan-engine.ts';
import { masksFor } from '../../../shared/scan/filter-masks.ts';
import { hourlySums } from '../../../shared/scan/hourly-sums.ts';
import { breakdown, openingTallies } from '../../../shared/scan/view-tallies.ts';
import { writeSyntheticDataset } from '../../support/synthetic-dataset.ts';

/** The two passes the opening tallies stand for. */
function twoPasses(ds: Dataset) {
  const cube = cubeRows(ds);
  const noFilter = masksFor(ds.manifest.dimensions, DEFAULT_FILTERS);
  return { breakdown: breakdown([cube.whole], noFilter, cube.sizes), hourly: hourlySums(cube, cube.first, cube.nHours, noFilter) };
}

describe('opening tallies', () => {
  let dir: string;
  let ds: Dataset;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-opening-'));
    writeSyntheticDataset(dir);
    ds = await loadDataset(async (p) => new Uint8Array(readFileSync(join(dir, p))));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are the unfiltered breakdowns and hourly sums, from one pass over the hour-sorted cube', () => {
    const opening = openingTallies(cubeRows(ds));
    expect(opening).toEqual(twoPasses(ds));
    expect(opening.breakdown.totals[0]).toBe(ds.manifest.totals.registrations.registered);
  });

  it('are the same when the rows are out of hour order (a cube left in file order)', () => {
    const { rows, columns } = ds.registrations;
    // Reversed, and every other row swapped with its neighbour: every hour's rows split into several runs.
    const order = Array.from({ length: rows }, (_, i) => rows - 1 - ((i ^ 1) < rows ? i ^ 1 : i));
    const shuffled = { rows, columns: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Int32Array.from(order, (j) => v[j])])) };
    const data = { ...ds, registrations: shuffled };
    expect(new Set(order).size).toBe(rows);
    expect(openingTallies(cubeRows(data))).toEqual(twoPasses(data));
  });
});
