/**
 * runScan (sources/csv/duckdb-scan.ts) on real DuckDB: its `whileScanning` hook, which a full build uses to parse
 * the resolver's saved answers during the scan of its first CSV file, runs once, on the first attempt, whether that
 * attempt reads the file, is retried or is refused.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTRA_COLUMNS, lastSpareColumn, readCsvCall, runScan, type ReadPlan, type ScanStatements } from '../../../data-pipeline/sources/csv/duckdb-scan.ts';
import { useMemoryDuckDb } from '../../support/memory-duckdb.ts';

const db = useMemoryDuckDb();
const dir = mkdtempSync(join(tmpdir(), 'tb-run-scan-'));

const statements = (plan: ReadPlan, table: string): ScanStatements => [
  `CREATE TEMP TABLE ${table}_cells AS SELECT * FROM ${readCsvCall(plan)}`,
  `CREATE TEMP VIEW ${table} AS SELECT * FROM ${table}_cells`,
  `${lastSpareColumn(plan)} IS NOT NULL`
];

async function scan(name: string, text: string): Promise<{ result: ReadPlan | string; calls: number; rows: number | null }> {
  const path = join(dir, name);
  writeFileSync(path, text);
  let calls = 0;
  const plan: ReadPlan = { path, delimiter: ',', headerRow: true, width: 2, extraColumns: EXTRA_COLUMNS.first };
  const result = await runScan(db(), plan, name.replace(/\W/g, '_'), statements, () => calls++);
  const rows = typeof result === 'string' ? null : Number((await db().runAndReadAll(`SELECT count(*) FROM ${name.replace(/\W/g, '_')}`)).getRows()[0][0]);
  return { result, calls, rows };
}

describe('runScan: the work done while DuckDB scans', () => {
  it('runs once for a file read at the first attempt', async () => {
    const { result, calls, rows } = await scan('plain.csv', 'a,b\n1,2\n3,4\n');
    expect([typeof result, calls, rows]).toEqual(['object', 1, 2]);
  });

  it('runs once when a row with more cells calls for a retry', async () => {
    const { result, calls, rows } = await scan('wide.csv', 'a,b\n1,2\n3,4,5,6\n');
    expect(typeof result === 'string' ? result : result.extraColumns).toBe(EXTRA_COLUMNS.retry);
    expect([calls, rows]).toEqual([1, 2]);
  });

  it('runs once for a file DuckDB refuses, which is named as refused', async () => {
    const { result, calls } = await scan('refused.csv', 'a,b\n1,"2"x\n');
    expect([typeof result, calls]).toEqual(['string', 1]);
  });
});
