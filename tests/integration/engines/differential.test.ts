/**
 * The scan engine against the engines the product brief named: crossfilter2 and DuckDB (in Node, the same SQL the
 * bench sends DuckDB-WASM) answer random filter states over the same synthetic cube, and every number the linked
 * views read must be identical: stage totals, the region, source and distance breakdowns (each ignoring its own
 * filter) and the hourly series (ignoring the time range).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../shared/cube/dataset.ts';
import { createEngine } from '../../../shared/scan/scan-engine.ts';
import type { RegistrationsEngine } from '../../../shared/scan/types.ts';
import { prng, randomFilters, scanAnswer } from '../../../bench/engines/answer.ts';
import { createCrossfilterEngine, type CrossfilterEngine } from '../../../bench/engines/crossfilter-engine.ts';
import { answerFromRows, answerSql, CUBE_COLUMNS, type AnswerRow } from '../../../bench/engines/filter-sql.ts';
import { loadSynthetic } from '../../support/load-synthetic.ts';

const STATES = 60;

describe('scan engine, crossfilter2 and DuckDB agree', () => {
  let dataset: Dataset;
  let scan: RegistrationsEngine;
  let cf: CrossfilterEngine;
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;

  beforeAll(async () => {
    dataset = await loadSynthetic({ days: 30 });
    scan = createEngine(dataset);
    cf = createCrossfilterEngine(dataset.registrations, dataset.manifest);
    instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    conn = await instance.connect();
    await conn.run(`CREATE TABLE cube (${CUBE_COLUMNS.map((c) => `${c} INTEGER`).join(', ')})`);
    const appender = await conn.createAppender('cube');
    const cols = CUBE_COLUMNS.map((c) => dataset.registrations.columns[c]);
    for (let i = 0; i < dataset.registrations.rows; i++) {
      for (const col of cols) appender.appendInteger(col[i]);
      appender.endRow();
    }
    appender.closeSync();
  });
  afterAll(() => {
    conn?.closeSync();
    instance?.closeSync();
  });

  it(`gives identical numbers for ${STATES} random filter states`, async () => {
    const rnd = prng(20171220);
    let matchedNothing = 0;
    for (let n = 0; n < STATES; n++) {
      const filters = randomFilters(rnd, dataset.manifest);
      scan.setFilters(filters);
      cf.setFilters(filters);
      const expected = scanAnswer(scan, true);
      const reader = await conn.runAndReadAll(answerSql(filters, dataset.manifest, true));
      const duck = answerFromRows(reader.getRowObjectsJS() as AnswerRow[], dataset.manifest, true);
      const state = JSON.stringify(filters);
      expect(cf.answer(true), `crossfilter2 at ${state}`).toEqual(expected);
      expect(duck, `DuckDB at ${state}`).toEqual(expected);
      if (expected.totals.registered === 0) matchedNothing++;
    }
    // The states must exercise the filters: not all empty, not all matching nothing.
    expect(matchedNothing).toBeLessThan(STATES / 2);
  });

  it('the unfiltered totals are the manifest totals in all three', async () => {
    const none = { hours: null, regions: [], sources: [], distance: [], stage: 'registered' as const };
    scan.setFilters(none);
    cf.setFilters(none);
    const reader = await conn.runAndReadAll(answerSql(none, dataset.manifest, false));
    const duck = answerFromRows(reader.getRowObjectsJS() as AnswerRow[], dataset.manifest, false);
    expect(scanAnswer(scan, false).totals).toEqual(dataset.manifest.totals.registrations);
    expect(cf.answer(false).totals).toEqual(dataset.manifest.totals.registrations);
    expect(duck.totals).toEqual(dataset.manifest.totals.registrations);
  });
});
