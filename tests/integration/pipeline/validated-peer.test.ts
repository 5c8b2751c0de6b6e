/**
 * The bench's like-for-like peer (bench/validated-peer-sql.ts) checks the rows the build checks, with the build's
 * own SQL: run on a demo campaign, every row counts once, each row the build rejects for what it holds (anything
 * but a repeated id, which no row's own check can see) is one the peer's checks refuse, and the log's rows it
 * passes are the deliveries the build accepted.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { validatedPeerStatements } from '../../../bench/validated-peer-sql.ts';
import { generateDemo } from '../../../data-pipeline/demo/generate.ts';
import { runBuild, type BuildResult } from '../../../data-pipeline/pipeline.ts';
import { Progress } from '../../../data-pipeline/step-log.ts';
import { readCsvObjects } from '../../support/pipeline-helpers.ts';

const N = 4_000;

describe("the bench's like-for-like peer", () => {
  let dir: string;
  let result: BuildResult;
  let groups: { registrations: Array<[boolean, number]>; deliveries: Array<[boolean, number]> };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-peer-'));
    await generateDemo({ pack: 'ru', registrations: N, seed: 'peer', out: dir });
    result = await runBuild({ config: join(dir, 'campaign.json'), out: join(dir, 'published'), progress: new Progress({ out: () => undefined, live: false }) });
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    for (const sql of validatedPeerStatements(join(dir, 'campaign.json'), dir)) await conn.run(sql);
    const read = async (table: string): Promise<Array<[boolean, number]>> =>
      (await conn.runAndReadAll(`SELECT fast, sum(n)::INTEGER FROM ${table} GROUP BY fast`)).getRowsJS().map((r) => [r[0] as boolean, r[1] as number]);
    groups = { registrations: await read('r'), deliveries: await read('d') };
    conn.closeSync();
    db.closeSync();
  }, 180_000);

  const rowsOf = (path: string): number => readFileSync(path, 'utf8').trim().split('\n').length - 1;
  const sum = (xs: Array<[boolean, number]>, fast?: boolean): number => xs.filter(([f]) => fast === undefined || f === fast).reduce((a, [, n]) => a + n, 0);

  it('counts every row of the registrations export and of the log once', () => {
    expect(sum(groups.registrations)).toBe(rowsOf(join(dir, 'registrations.csv')));
    expect(sum(groups.deliveries)).toBe(rowsOf(join(dir, 'deliveries.csv')));
  });

  it("refuses every row the build rejects for its own cells, and passes most of the rest", async () => {
    const rejects = (await readCsvObjects(result.rejectsPath)).filter((r) => r.file === 'registrations.csv');
    const ownCells = rejects.filter((r) => r.reason !== 'duplicate id');
    expect(ownCells.length).toBeGreaterThan(0);
    expect(sum(groups.registrations, false)).toBeGreaterThanOrEqual(ownCells.length);
    expect(sum(groups.registrations, true)).toBeGreaterThan(0.9 * rowsOf(join(dir, 'registrations.csv')));
  });

  it("passes exactly the log's rows the build accepted", () => {
    const manifest = JSON.parse(readFileSync(join(result.outDir, 'manifest.json'), 'utf8')) as { totals: { deliveries: number } };
    expect(sum(groups.deliveries, true)).toBe(manifest.totals.deliveries);
  });
});
