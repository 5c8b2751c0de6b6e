/**
 * How the published JSON files become SQL tables under stable names (the cubes go in as Arrow tables,
 * arrow-columns.ts). An analyst wants timestamps where the files hold ISO text, so each table is staged with its
 * raw columns and then rewritten once by a SELECT that converts them. Materialised, not a view, so every later
 * query reads plain TIMESTAMP columns instead of converting again.
 */
import type { EventRow, FileEntry, HeadquartersRow, Manifest, RegionRow } from '$shared/cube/format';

/** Columns of one staged table, taken from a JSON file's rows. */
export type StagedColumns = Record<string, Float64Array | (string | null)[] | (number | null)[]>;

export interface StagedTable {
  name: string;
  columns: StagedColumns;
  /** The SELECT list over the staged columns that gives the published table. */
  select: string;
}

/**
 * A file the data set publishes in a format DuckDB reads as it is, attached under its key in the manifest: Arrow IPC
 * (a stream, inserted from the checked bytes) or Parquet (a view over the file, read over HTTP; DuckDB-WASM reads
 * Parquet only through its parquet extension, which it downloads from extensions.duckdb.org and which is not
 * bundled, so offline the table is reported as not attached).
 */
export interface ExternalTable {
  name: string;
  path: string;
  format: 'arrow' | 'parquet';
}

export const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** Milliseconds since the epoch, as JSON timestamps are staged: DuckDB-WASM parses ISO offsets only with ICU. */
const msTimestamp = (column: string): string => `epoch_ms(${column}::BIGINT)`;

const isoMs = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** Files of the data set in a format DuckDB reads as it is, by their key in the manifest. */
export function externalTables(files: Manifest['files']): ExternalTable[] {
  return Object.entries(files as Record<string, FileEntry>).flatMap(([name, entry]): ExternalTable[] => {
    const format = entry.path.endsWith('.parquet') ? 'parquet' : entry.path.endsWith('.arrow') ? 'arrow' : null;
    return format ? [{ name, path: entry.path, format }] : [];
  });
}

export function regionsTable(rows: RegionRow[]): StagedTable {
  return {
    name: 'regions',
    columns: {
      code: rows.map((r) => r.code),
      name: rows.map((r) => r.name),
      name_local: rows.map((r) => r.nameLocal),
      timezone: rows.map((r) => r.timezone),
      population: Float64Array.from(rows, (r) => r.population),
      cap: Float64Array.from(rows, (r) => r.cap)
    },
    select: 'code, name, name_local, timezone, population::BIGINT AS population, cap::INTEGER AS cap'
  };
}

export function headquartersTable(rows: HeadquartersRow[]): StagedTable {
  return {
    name: 'headquarters',
    columns: {
      id: rows.map((r) => r.id),
      name: rows.map((r) => r.name),
      city: rows.map((r) => r.city),
      region: rows.map((r) => r.regionCode),
      lat: Float64Array.from(rows, (r) => r.lat),
      lon: Float64Array.from(rows, (r) => r.lon),
      opened: rows.map((r) => isoMs(r.opened)),
      closed: rows.map((r) => isoMs(r.closed))
    },
    select: `id, name, city, region, lat, lon, ${msTimestamp('opened')} AS opened, ${msTimestamp('closed')} AS closed`
  };
}

export function eventsTable(rows: EventRow[]): StagedTable {
  return {
    name: 'events',
    columns: {
      id: rows.map((r) => r.id),
      time: rows.map((r) => isoMs(r.time)),
      title: rows.map((r) => r.title),
      kind: rows.map((r) => r.kind),
      region: rows.map((r) => r.regionCode),
      url: rows.map((r) => r.url)
    },
    select: `id, ${msTimestamp('time')} AS time, title, kind, region, url`
  };
}

/** The statements that turn a staged table into the published one. */
export function publishSql(table: StagedTable): string {
  return `CREATE OR REPLACE TABLE ${table.name} AS SELECT ${table.select} FROM ${stagedName(table)}; DROP TABLE ${stagedName(table)}`;
}

export const stagedName = (table: StagedTable): string => `_staged_${table.name}`;

export function parquetViewSql(table: ExternalTable): string {
  return `CREATE OR REPLACE VIEW ${table.name} AS SELECT * FROM ${sqlString(table.path)}`;
}
