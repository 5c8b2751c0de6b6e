/**
 * How the published data set becomes SQL tables under stable names. The cubes hold dictionary indexes and hours
 * since the epoch (compact to ship and scan); an analyst wants text and timestamps, so each table is staged with
 * its raw columns and then rewritten once by a SELECT that decodes them. Materialised, not a view, so every later
 * query reads plain VARCHAR and TIMESTAMP columns instead of decoding again.
 */
import { classNow, classThen } from '$shared/cube/distance-codes';
import type { EventRow, FileEntry, HeadquartersRow, Manifest, RegionRow } from '$shared/cube/format';

/** Columns of one staged table: typed arrays from a cube, plain arrays from a JSON file. */
export type StagedColumns = Record<string, Int32Array | Float64Array | (string | null)[] | (number | null)[]>;

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

/** A dictionary index column as its text (indexes are 0-based, SQL lists 1-based). */
export const decoded = (column: string, dictionary: readonly string[]): string => `[${dictionary.map(sqlString).join(', ')}][${column} + 1]`;

/** Whole hours since the epoch (UTC) as a TIMESTAMP in UTC. */
const hourTimestamp = (column: string): string => `epoch_ms(${column}::BIGINT * 3600000)`;

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

export function registrationsSelect(dimensions: Manifest['dimensions']): string {
  return [
    `${hourTimestamp('hour')} AS hour`,
    `${decoded('region', dimensions.region)} AS region`,
    `${decoded('source', dimensions.source)} AS source`,
    // The paired codes (distance-codes.ts) as two columns: the class at registration and as of the network date.
    `${decoded('distance', dimensions.distance.map(classThen))} AS distance`,
    `${decoded('distance', dimensions.distance.map(classNow))} AS distance_now`,
    'registered, phone, email, questionnaire, future'
  ].join(', ');
}

export function deliveriesSelect(dimensions: Manifest['dimensions']): string {
  return [
    `${hourTimestamp('hour')} AS hour`,
    `${decoded('channel', dimensions.channel)} AS channel`,
    `${decoded('gateway', dimensions.gateway)} AS gateway`,
    `${decoded('status', dimensions.status)} AS status`,
    'count'
  ].join(', ');
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
