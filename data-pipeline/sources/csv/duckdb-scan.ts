/**
 * A CSV file read by DuckDB's own CSV reader into temporary tables, one row per data row (see scanTableSql).
 * Personal columns are never stored: a personal column is named only to tell whether a short row reaches it
 * (`IS NULL`), never for its value. The delivery log (cube/deliveries-duckdb.ts) is read with the same call,
 * retries and slow-row cells.
 *
 * Each row is either *fast* — validate/sql/fast-checks.ts proves the validator would accept it — and grouped
 * in SQL, or *slow*: its cells go to the validator, which judges it in TypeScript.
 *
 * How a row's shape is told apart the way CsvTokenizer tells it: the file is read with `width + extraColumns`
 * columns, `null_padding` (a short row's missing cells are NULL) and a NULL string no export contains (an empty
 * cell stays ''), so a row's number of cells is the position of its last non-NULL one. A file DuckDB's strict
 * reader refuses (an unclosed quote, text after a closing quote, more than width + EXTRA_COLUMNS.retry - 1 cells, invalid
 * UTF-8, CR-only line ends) is read by the TypeScript reader instead (cube/registrations-duckdb.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { STAGE_FIELDS, type RegistrationField } from '../../config/campaign.ts';
import { isoOffsetCode, sqlAmong, sqlCleanEnds, sqlEmpty, sqlIsoMs, sqlIsoOffsetCode, sqlIsoText, sqlJsTrim, sqlNotAmong, sqlPeriodOf } from '../../validate/sql/fast-checks.ts';
import { lastRowLongerThan } from './last-row.ts';
import { readHead } from './read-head.ts';
import { CsvTokenizer, MAX_ROW_CHARS } from './tokenizer.ts';

/**
 * Cells a row may have beyond the header's before DuckDB refuses the file: a few at first (each declared column
 * costs the reader), many on the retry after a row with more (see runScan).
 */
export const EXTRA_COLUMNS = { first: 2, retry: 64 } as const;

/** Stands for NULL in DuckDB's reader: no export has a cell with this text, so an empty cell reads as ''. */
const NULL_TEXT = '\u0001tallyboard-null\u0001';

/** The validator's length limits (validate.ts MAX_LENGTH), in bytes here: a UTF-16 length never exceeds the UTF-8 one. */
const MAX_BYTES: Partial<Record<RegistrationField, number>> = { id: 200, city: 200, region: 200, source: 64 };

export interface CsvScanPlan {
  /** A UTF-8 file (transcoded beforehand when the export is not). */
  path: string;
  delimiter: string;
  /** Whether the file's first line is its header (false when the profile names the columns). */
  headerRow: boolean;
  width: number;
  fieldIndex: Partial<Record<RegistrationField, number>>;
  personal: ReadonlySet<number>;
  status: { index: number; keep: readonly string[]; drop: readonly string[] } | null;
  /** The source dimension's value of a row whose own `source` cell is empty. */
  sourceName: string;
  /** Whether created_at and stages may be read in the one ISO shape (not with a profile's own time format). */
  isoTimes: boolean;
  /** The campaign's valid time range [from, to) in epoch ms. */
  range: { from: number; to: number };
  /** DistanceClassifier.periodStarts. */
  periodStarts: ArrayLike<number>;
  /** Cells a row may have beyond `width` (EXTRA_COLUMNS). */
  extraColumns: number;
  /** Read with one thread: needed when quoted fields span lines (DuckDB's parallel reader refuses them with null_padding). */
  serial?: boolean;
  /** Added to every row number: the rows before a file's new tail, which is read alone. */
  rowOffset?: number;
  /**
   * The UTC offset the file's timestamps are expected to carry (commonIsoOffset), as text (`+03:00`) and as its
   * offset code: a fast row's timestamp that carries it keeps no code, which slowRows gives back from here.
   */
  usualOffset?: UsualOffset | null;
}

/** A row's id as the validator keys it (trimmed): a fast row's id has nothing to trim. */
export const sqlIdKey = (fast: string, id: string): string => `CASE WHEN ${fast} THEN ${id} ELSE ${sqlJsTrim(id)} END`;

/** A SQL string literal of `s`. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** A DuckDB list literal of strings. */
export const sqlList = (xs: readonly string[]): string => `[${xs.map(sqlString).join(', ')}]`;
/** A row's 1-based number in the file, from its rowid in the cells table (`rowOffset`: the rows before a new tail). */
export const rowOf = (rowOffset = 0): string => `rowid + ${1 + rowOffset}`;
const col = (i: number): string => `c${i}`;
/** The column of a registration field in the plan's file, or null when the file has none. */
const fieldColumn = (plan: Pick<CsvScanPlan, 'fieldIndex'>, f: RegistrationField): string | null => (plan.fieldIndex[f] === undefined ? null : col(plan.fieldIndex[f]!));

/** What DuckDB's reader needs to know of a file (a file without personal columns may leave `personal` out). */
export type ReadPlan = Pick<CsvScanPlan, 'path' | 'delimiter' | 'headerRow' | 'width' | 'extraColumns' | 'serial' | 'rowOffset'> & Partial<Pick<CsvScanPlan, 'personal'>>;

/**
 * The read_csv(...) call of the plan. DuckDB's buffer stays its own (16 × max_line_size: 128 MB), which one thread
 * fills before the others start: 32 MB took that 0.15–0.4 s off the 1M demo's scan alone but added 10–20 % of CPU
 * to the 10M one's (alternated, medians of 2–3: 18.2–20.4 → 19.7–24.2 s; 64 MB slower at both sizes), and whole 1M
 * builds came out even.
 */
export function readCsvCall(plan: ReadPlan): string {
  const total = plan.width + plan.extraColumns;
  const columns = `{${Array.from({ length: total }, (_, i) => `'${col(i)}': 'VARCHAR'`).join(', ')}}`;
  return (
    `read_csv(${sqlString(plan.path)}, columns = ${columns}, header = false, skip = ${plan.headerRow ? 1 : 0}, null_padding = true, ` +
    `nullstr = ${sqlString(NULL_TEXT)}, delim = ${sqlString(plan.delimiter)}, quote = '"', escape = '"', auto_detect = false, comment = '', ` +
    `strict_mode = true, max_line_size = ${MAX_ROW_CHARS}, parallel = ${plan.serial ? 'false' : 'true'})`
  );
}

/**
 * A table and a view on it. `<table>_cells`: the file's rows in order — its rowid is the row's index: a query of
 * projections over one scan keeps the file's order (DuckDB's "order preservation"; no IN list in it, which DuckDB
 * plans as a join: fast-checks.ts sqlAmong) — with whether the row is fast (see the file's comment), what the groups
 * need, its non-personal cells, and for a slow row every cell it has (rowCellsSql). `<table>`: per data row its
 * 1-based `row` and those columns by name. A fast row keeps no list of its cells: it has exactly `width`
 * (slowRows). DuckDB's scan of the 10M demo's registrations alone, against keeping every cell of each row as well,
 * medians of 2 alternated: 23.6 → 18.3 s, 43.7 → 33.1 s of CPU (load 1.7). Nor does it keep its timestamps' text
 * (25 characters each, stored apart from the row): their seconds and offset (`t<i>`, `tz<i>`, timeStorage) give it
 * back. The 1M demo's scan alone, 3 runs alternated at load 3.5: peak RSS 500 → 454 MB, 115k → 102k page faults
 * (about 12 µs of system time each on this virtual machine). Nor does it keep the last spare column, which only a
 * slow row can reach (a fast row's first spare is NULL): its list of cells ends with it (`spareReached`). With the
 * times as INTEGER seconds rather than BIGINT ms as well, the scan alone, alternated in one process: 1M demo (5 runs,
 * load 1.2) 84k → 59k page faults, 1.06 → 0.70 s of system time, 4.3 → 3.9 s of CPU, median 2.46 → 2.19 s; 10M
 * demo (2 runs, load 2.0) 656k → 510k faults, 7.6 → 6.0 s of system time, 34.8 → 32.2 s of CPU, 17.5–19.3 →
 * 16.8–17.4 s. Whole builds alternated: peak RSS 3.31–3.35 → 3.07–3.09 GB at 10M, times within the noise.
 *
 * Returns the statements that make the table and the view, and the condition of a row that reaches the last
 * spare column (runScan).
 */
export function scanTableSql(plan: CsvScanPlan, table: string): ScanStatements {
  const total = plan.width + plan.extraColumns;
  const at = (f: RegistrationField): string | null => fieldColumn(plan, f);
  const id = at('id');
  const text = (c: string | null): string => (c ? `coalesce(${c}, '')` : "''");
  const times = timeColumns(plan);
  const kept = Array.from({ length: plan.width }, (_, i) => i)
    .filter((i) => !plan.personal.has(i) && !times.some((t) => t.index === i))
    .map(col);
  const stored = timeStorage(plan.range);
  // The offset code only where the offset is not the file's usual one: one suffix test a timestamp instead of two
  // substrings and casts (the 1M demo's scan alone, 5 runs alternated, load 1.3: median 2.64 → 2.37 s, 4.55 → 3.92 s
  // of CPU).
  const usual = plan.usualOffset;
  const unusual = (c: string): string => (usual ? ` AND NOT suffix(${c}, ${sqlString(usual.text)})` : '');
  const compact = times.flatMap(({ index, ms }) => [
    `${stored.of(ms)} AS t${index}`,
    `CASE WHEN fast AND ${ms} IS NOT NULL${unusual(col(index))} THEN ${sqlIsoOffsetCode(col(index))} END AS tz${index}`
  ]);
  return [
    `CREATE TEMP TABLE ${table}_cells AS SELECT ${[...kept, ...compact].join(', ')}, CASE WHEN fast THEN NULL ELSE ${rowCellsSql(plan)} END AS cells, ` +
      `${id ? `hash(${sqlIdKey('fast', id)})` : 'NULL::UBIGINT'} AS id_hash, fast, hour, period, phone, email, questionnaire FROM (${scanRowsSql(plan)})`,
    `CREATE TEMP VIEW ${table} AS SELECT ${rowOf(plan.rowOffset)} AS row, fast, ${id ?? 'NULL::VARCHAR'} AS id, id_hash, ${text(at('city'))} AS city, ${text(at('region'))} AS region, ` +
      `${text(at('source'))} AS source_cell, hour, period, phone, email, questionnaire FROM ${table}_cells`,
    `cells[${total}] IS NOT NULL`
  ];
}

/**
 * The file's rows as DuckDB's reader splits them, one per data row in file order: every cell `c<i>` (a personal one
 * only as `n<i>`, whether it is absent), the timestamps' epoch ms (`cms`, `sms<k>`), whether the row is fast (see the
 * file's comment), and what its group needs: `hour`, `period` and the stage flags.
 */
export function scanRowsSql(plan: CsvScanPlan): string {
  const total = plan.width + plan.extraColumns;
  const at = (f: RegistrationField): string | null => fieldColumn(plan, f);
  const id = at('id');
  const created = at('created_at');
  const stages = STAGE_FIELDS.map(at);
  const { from, to } = plan.range;
  const iso = plan.isoTimes && created !== null;
  const checks: string[] = [present(plan, plan.width - 1), `${col(plan.width)} IS NULL`];
  if (plan.status) {
    const s = col(plan.status.index);
    checks.push(sqlCleanEnds(s), plan.status.keep.length > 0 ? sqlAmong(s, sqlList(plan.status.keep)) : 'false');
    if (plan.status.drop.length > 0) checks.push(sqlNotAmong(s, sqlList(plan.status.drop)));
  }
  // The id must be clean (trim changes nothing) so that equal ids are equal keys to the duplicate check. City,
  // region and source may have spaces around them: they are trimmed per distinct value, in TypeScript.
  if (id) checks.push(`${id} <> ''`, `strlen(${id}) <= ${MAX_BYTES.id}`, sqlCleanEnds(id));
  for (const f of ['city', 'region', 'source'] as const) {
    const c = at(f);
    if (c) checks.push(`strlen(coalesce(${c}, '')) <= ${MAX_BYTES[f]}`);
  }
  if (!iso) checks.push('false');
  else {
    checks.push(`cms >= ${from}`, `cms < ${to}`);
    stages.forEach((s, k) => {
      if (s) checks.push(`(sms${k} IS NULL OR (sms${k} >= cms AND sms${k} < ${to}))`, `(${sqlEmpty(s)} OR sms${k} IS NOT NULL)`);
    });
  }
  const fast = `coalesce(${checks.map((c) => `(${c})`).join(' AND ')}, false)`;
  const first = [
    ...Array.from({ length: total }, (_, i) => (plan.personal.has(i) ? `${col(i)} IS NULL AS n${i}` : col(i))),
    iso ? `${sqlIsoMs(created)} AS cms` : 'NULL::BIGINT AS cms',
    ...stages.map((s, k) => (s && iso ? `CASE WHEN ${sqlEmpty(s)} THEN NULL ELSE ${sqlIsoMs(s)} END AS sms${k}` : `NULL::BIGINT AS sms${k}`))
  ];
  return (
    `SELECT *, ${fast} AS fast, (cms // 3600000)::INTEGER AS hour, (${sqlPeriodOf('cms', plan.periodStarts)})::INTEGER AS period, ` +
    `sms0 IS NOT NULL AS phone, sms1 IS NOT NULL AS email, sms2 IS NOT NULL AS questionnaire FROM (SELECT ${first.join(', ')} FROM ${readCsvCall(plan)})`
  );
}

/**
 * A cells table's statements (runScan): the one that makes the table, the one that makes its view, and the
 * condition of a table row that reaches the last spare column — it may have had more cells than were declared.
 */
export type ScanStatements = [cells: string, view: string, spareReached: string];

/**
 * How a fast row's timestamps are kept: INTEGER seconds since the campaign's range starts (a fast row's times
 * lie in the range and have no fraction of a second; 4 bytes a row where epoch ms take 8), or epoch ms for a range
 * longer than INTEGER seconds reach (68 years). `of` the scan's epoch ms, `ms` of what it stored; NULL for a slow
 * row, whose cells are kept as they are.
 */
export function timeStorage(range: { from: number; to: number }): { of: (ms: string) => string; ms: (stored: string) => string } {
  if (range.to - range.from >= 2 ** 31 * 1000) return { of: (ms) => `CASE WHEN fast THEN ${ms} END`, ms: (stored) => stored };
  return { of: (ms) => `CASE WHEN fast THEN ((${ms} - ${range.from}) // 1000)::INTEGER END`, ms: (stored) => `(${range.from} + ${stored}::BIGINT * 1000)` };
}

/**
 * A row's cells as a list, over a select whose personal columns are only `n<i>` (`c<i> IS NULL`): NULL past the
 * row's end (DuckDB's reader pads a short row with NULLs; an empty cell reads as ''), a personal cell blank.
 */
export const rowCellsSql = (plan: ReadPlan): string =>
  `[${Array.from({ length: plan.width + plan.extraColumns }, (_, i) => (plan.personal?.has(i) ? `CASE WHEN n${i} THEN NULL ELSE '' END` : col(i))).join(', ')}]`;

/** A row's cells as the TypeScript reader splits them, from rowCellsSql's list: as many as the row has. */
export function cellsOfList(list: ReadonlyArray<string | null>): string[] {
  let n = list.length;
  while (n > 0 && list[n - 1] === null) n--;
  return list.slice(0, n).map((c) => c ?? '');
}

/** The last spare column: a row that reaches it may have had more cells than were declared (runScan). */
export const lastSpareColumn = (plan: ReadPlan): string => col(plan.width + plan.extraColumns - 1);

/** Whether a row reaches column i; a personal column is named only in the cells table's `IS NULL`. */
const present = (plan: ReadPlan, i: number): string => (plan.personal?.has(i) ? `NOT n${i}` : `${col(i)} IS NOT NULL`);

/**
 * The timestamp columns (created_at and the stages) with the scan's epoch ms of each (`cms`, `sms<k>`). A fast
 * row's timestamps are each empty or in the one shape, so their text comes back from their time and offset code.
 */
function timeColumns(plan: CsvScanPlan): Array<{ index: number; ms: string }> {
  return (['created_at', ...STAGE_FIELDS] as const).flatMap((f, k) => {
    const index = plan.fieldIndex[f];
    return index === undefined ? [] : [{ index, ms: k === 0 ? 'cms' : `sms${k - 1}` }];
  });
}

/** An offset in the one shape (`+03:00`) and its code (isoOffsetCode). */
export interface UsualOffset {
  text: string;
  code: number;
}

/**
 * The UTC offset of the first data row's `index` cell when it is a timestamp in the one shape (sqlIsoMs), else
 * null: the offset an export's timestamps usually share (a site's database writes its own zone's). A file whose
 * rows carry others is read the same, each such timestamp keeping its own offset code.
 */
export function commonIsoOffset(path: string, delimiter: string, headerRow: boolean, index: number): UsualOffset | null {
  const text = Buffer.from(readHead(path, OFFSET_HEAD_BYTES)).toString('utf8').replace(/^\ufeff/, '');
  const rows: string[][] = [];
  new CsvTokenizer(delimiter).push(text.slice(0, text.lastIndexOf('\n') + 1), rows);
  const cell = rows[headerRow ? 1 : 0]?.[index] ?? '';
  const code = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(cell) && cell.length === 25 ? isoOffsetCode(cell.slice(19)) : null;
  return code === null ? null : { text: cell.slice(19), code };
}

const OFFSET_HEAD_BYTES = 1 << 16;

/**
 * The rows `rows` (a query of 1-based row numbers) of the cells table, in file order, each with its cells as the
 * TypeScript reader splits them, personal ones blank: a slow row's as kept, a fast row's (one whose id repeats)
 * rebuilt from its columns, since it has exactly `width` cells.
 */
export async function slowRows(conn: DuckDBConnection, plan: CsvScanPlan, table: string, rows: string): Promise<Array<{ row: number; cells: string[] }>> {
  const times = new Set(timeColumns(plan).map((t) => t.index));
  const stored = timeStorage(plan.range);
  const usual = plan.usualOffset;
  const code = (i: number): string => (usual ? `coalesce(tz${i}, ${usual.code})` : `tz${i}`);
  const cell = (i: number): string => (plan.personal.has(i) ? "''" : times.has(i) ? `coalesce(${sqlIsoText(stored.ms(`t${i}`), code(i))}, '')` : col(i));
  const fastCells = `[${Array.from({ length: plan.width }, (_, i) => cell(i)).join(', ')}]`;
  const sql = `SELECT ${rowOf(plan.rowOffset)} AS row, coalesce(cells, ${fastCells}) AS cells FROM ${table}_cells WHERE ${rowOf(plan.rowOffset)} IN (${rows}) ORDER BY row`;
  return (await conn.runAndReadAll(sql)).getRowsJS().map((r) => ({ row: Number(r[0]), cells: cellsOfList(r[1] as Array<string | null>) }));
}

const HEAD_BYTES = 1 << 20;

/** The file's header row as the TypeScript reader splits it, or why DuckDB cannot take the file. */
export function csvHeaderOf(path: string, delimiter: string): string[] | string {
  const head = Buffer.from(readHead(path, HEAD_BYTES));
  const text = head.toString('utf8').replace(/^\ufeff/, '');
  const lineEnd = text.search(/[\r\n]/);
  if (lineEnd < 0) return 'no line end in its first megabyte';
  // Old Mac line ends (CR alone): DuckDB's reader splits lines at LF.
  if (/\r(?!\n)/.test(text.slice(0, Math.max(0, text.length - 1)))) return 'its lines end in CR alone';
  const rows: string[][] = [];
  new CsvTokenizer(delimiter).push(text.slice(0, lineEnd) + '\n', rows);
  const header = rows[0];
  if (!header || header.some((c) => c.includes('"'))) return 'its header row is quoted across lines';
  return lastRowRefusal(path) ?? header;
}

/**
 * Why DuckDB's reader cannot be trusted with the file's last row, or null. A last row longer than the reader's buffer
 * (16 × max_line_size: 128 MB) is dropped without an error (duckdb#25825, reproduced on 1.5.5, serial or parallel);
 * one longer than a row may be goes to the TypeScript reader, which rejects it by its number.
 */
export const lastRowRefusal = (path: string): string | null => (lastRowLongerThan(path, MAX_ROW_CHARS) ? `its last row is longer than ${MAX_ROW_CHARS} bytes` : null);

/**
 * Runs the scan, retrying serially or with more spare columns when the file needs it: the plan that read it, or
 * why DuckDB cannot.
 * DuckDB's reader with null_padding drops the cells of a row past its declared columns without a word, so a row
 * that fills the last spare column may have had more: it calls for the retry, and past that for the TypeScript reader.
 * `whileScanning` runs on this thread once the first attempt's scan has started, given that scan.
 */
export async function runScan<P extends ReadPlan>(conn: DuckDBConnection, plan: P, table: string, sql: (plan: P, table: string) => ScanStatements, whileScanning?: (scanning: Promise<unknown>) => void): Promise<P | string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await conn.run(dropScanSql(table));
    const [cells, split, spareReached] = sql(plan, table);
    const scanning = conn.run(cells);
    if (attempt === 0 && whileScanning) {
      // Awaited below, once the work is done; a failure meanwhile must not count as unhandled.
      scanning.catch(() => undefined);
      whileScanning(scanning);
    }
    try {
      await scanning;
    } catch (e) {
      if (isInterrupt(e)) throw e;
      const message = (e as Error).message;
      if (!plan.serial && /null_padding in conjunction with quoted new lines/.test(message)) {
        plan = { ...plan, serial: true };
        continue;
      }
      return firstLine(message);
    }
    const full = Number((await (await conn.runAndReadAll(`SELECT count(*) FROM ${table}_cells WHERE ${spareReached}`)).getRows())[0][0]);
    if (full > 0) {
      if (plan.extraColumns >= EXTRA_COLUMNS.retry) return `a row has more than ${plan.width + plan.extraColumns} cells`;
      plan = { ...plan, extraColumns: EXTRA_COLUMNS.retry };
      continue;
    }
    await conn.run(split);
    return plan;
  }
  return 'no reading plan fits the file';
}

/** Whether DuckDB stopped a statement because its connection was interrupted: the caller's doing, never the file's. */
export const isInterrupt = (e: unknown): boolean => e instanceof Error && /^INTERRUPT Error/.test(e.message);

/** Drops what runScan made of `table`. */
export const dropScanSql = (table: string): string => `DROP VIEW IF EXISTS ${table}; DROP TABLE IF EXISTS ${table}_cells`;

const firstLine = (s: string): string => s.split('\n')[0];
