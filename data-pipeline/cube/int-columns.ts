/**
 * INTEGER columns between DuckDB and typed arrays. Reads a query whose columns are all non-null INTEGERs into one
 * Int32Array per column, chunk by chunk, copying each vector's typed array in bulk (a per-value getItem costs ~20×
 * more on the million-group results here); writes columns into a temporary table.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

function vectorItems(vector: unknown, length: number): Int32Array | null {
  const items = (vector as { items?: unknown }).items;
  return items instanceof Int32Array && items.length >= length ? items : null;
}

export async function readIntColumns(conn: DuckDBConnection, sql: string, width: number): Promise<Int32Array[]> {
  const result = await conn.stream(sql);
  let cols = Array.from({ length: width }, () => new Int32Array(1 << 16));
  let at = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    if (at + n > cols[0].length) {
      const grown = cols.map((c) => {
        const g = new Int32Array(Math.max(c.length * 2, at + n));
        g.set(c.subarray(0, at));
        return g;
      });
      cols = grown;
    }
    for (let c = 0; c < width; c++) {
      const vector = chunk.getColumnVector(c);
      const items = vectorItems(vector, n);
      if (items) cols[c].set(items.subarray(0, n), at);
      else for (let i = 0; i < n; i++) cols[c][at + i] = Number(vector.getItem(i));
    }
    at += n;
  }
  return cols.map((c) => c.subarray(0, at));
}

/** A temporary table `table` (replaced if there) whose INTEGER column names[k] holds columns[k], row by row. */
export async function writeIntTable(conn: DuckDBConnection, table: string, names: readonly string[], columns: ReadonlyArray<ArrayLike<number>>): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${table} (${names.map((n) => `${n} INTEGER`).join(', ')})`);
  const appender = await conn.createAppender(table, 'main', 'temp');
  const rows = columns[0]?.length ?? 0;
  for (let i = 0; i < rows; i++) {
    for (const column of columns) appender.appendInteger(column[i]);
    appender.endRow();
  }
  appender.closeSync();
}
