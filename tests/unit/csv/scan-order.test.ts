import { describe, expect, it } from 'vitest';
import { scanTableSql, type CsvScanPlan } from '../../../data-pipeline/sources/csv/duckdb-scan.ts';
import { sqlCleanEnds } from '../../../data-pipeline/validate/sql/fast-checks.ts';

// The cells table's rowids stand for the file's row numbers (rejects.csv names them), which holds only while its
// query is projections over one scan: DuckDB plans an `IN (...)` list as a join, and a join lost the order of
// 781,568 of the 1M demo's 975,166 rows when one was in it.
describe("the scan's query keeps the file's order", () => {
  const plan: CsvScanPlan = {
    path: '/data/export.csv',
    delimiter: ';',
    headerRow: true,
    width: 8,
    fieldIndex: { id: 0, created_at: 1, city: 3, region: 4, source: 5, phone_confirmed_at: 6 },
    personal: new Set([2]),
    status: { index: 7, keep: ['registered', 'confirmed'], drop: ['pending', 'spam'] },
    sourceName: 'partner',
    isoTimes: true,
    range: { from: 0, to: 2e12 },
    periodStarts: [1.5e12, 1.6e12, 1.7e12],
    extraColumns: 2
  };

  it('has no IN list in the cells table, status lists and trimming included', () => {
    const [cells, view] = scanTableSql(plan, 'partner_scan');
    expect(cells).toMatch(/^CREATE TEMP TABLE partner_scan_cells AS SELECT/);
    expect(cells).not.toMatch(/\bIN\s*\(/i);
    expect(cells).toContain("list_contains(['registered', 'confirmed'], c7)");
    expect(cells).toContain("NOT list_contains(['pending', 'spam'], c7)");
    expect(view).toMatch(/^CREATE TEMP VIEW partner_scan AS SELECT rowid \+ 1 AS row/);
    expect(sqlCleanEnds('c0')).not.toMatch(/\bIN\s*\(/i);
  });

  it("numbers a new tail's rows after the rows before it", () => {
    const [, view] = scanTableSql({ ...plan, rowOffset: 1000 }, 'partner_scan');
    expect(view).toContain('rowid + 1001 AS row');
  });
});
