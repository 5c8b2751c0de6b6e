/**
 * A query's result as the page shows it: plain rows of numbers, times and text, whatever Arrow types DuckDB
 * answered with, so the table, the chart and the CSV export share one representation and are testable without
 * DuckDB.
 */
import { toCsv, type CsvCell } from '$shared/csv/csv';

export type ColumnKind = 'number' | 'time' | 'text';

export interface ResultColumn {
  name: string;
  kind: ColumnKind;
}

/** Times are milliseconds since the epoch (UTC). */
export type ResultCell = number | string | null;

export interface ResultTable {
  columns: ResultColumn[];
  rows: ResultCell[][];
}

export type QueryOutcome = { ok: true; result: ResultTable; ms: number } | { ok: false; error: string };

export interface ChartSpec {
  kind: 'line' | 'bar';
  /** Index of the time (line) or category (bar) column. */
  x: number;
  /** Indexes of the numeric columns drawn, at most MAX_SERIES. */
  y: number[];
}

const MAX_SERIES = 4;
/** More bars than this are unreadable in the page's width: a table is the better view. */
const MAX_BARS = 200;

/** A chart when the result has a time or category column and a numeric one; a time axis wins over a category. */
export function chartSpec(result: ResultTable): ChartSpec | null {
  const { columns, rows } = result;
  if (rows.length < 2) return null;
  const y = columns.flatMap((c, i) => (c.kind === 'number' ? [i] : [])).slice(0, MAX_SERIES);
  if (y.length === 0) return null;
  const time = columns.findIndex((c) => c.kind === 'time');
  if (time >= 0) return { kind: 'line', x: time, y };
  const category = columns.findIndex((c) => c.kind === 'text');
  if (category >= 0 && rows.length <= MAX_BARS) return { kind: 'bar', x: category, y };
  return null;
}

/** UTC, the zone the tables' timestamps are in, without the ".000Z" noise of whole hours. */
export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/(:00)?\.000Z$/, '');
}

export function formatCell(value: ResultCell, kind: ColumnKind): string {
  if (value === null) return 'NULL';
  if (kind === 'time' && typeof value === 'number') return formatTime(value);
  return String(value);
}

export function resultCsv(result: ResultTable): string {
  const rows = result.rows.map((row) =>
    row.map((value, i): CsvCell => (result.columns[i].kind === 'time' && typeof value === 'number' ? formatTime(value) : value))
  );
  return toCsv(
    result.columns.map((c) => c.name),
    rows
  );
}

/** DuckDB's message without the JavaScript wrapping, which says nothing to an analyst. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^Error:\s*/, '').trim() || 'The query failed without a message.';
}
