/**
 * A registrations CSV file read by DuckDB's own CSV reader into one temporary table, one row per data row (its
 * `rowid` is the row's index in the file: insertion order is preserved). Personal columns are never selected: the
 * reader parses only the columns a query names, and a personal column is named only to tell whether a short row
 * reaches it (`IS NULL`), never for its value.
 *
 * Each row is either *fast* — validate/sql/fast-checks.ts proves the validator would accept it — and stored as
 * the values the cube needs (plus what rebuilds its cells exactly, for the rare fast row that turns out to be a
 * duplicate), or *slow* and stored as its cells, for the validator to judge in TypeScript.
 *
 * How a row's shape is told apart the way CsvTokenizer tells it: the file is read with `width + EXTRA_COLUMNS`
 * columns, `null_padding` (a short row's missing cells are NULL) and a NULL string no export contains (an empty
 * cell stays ''), so a row's number of cells is the position of its last non-NULL one. A file DuckDB's strict
 * reader refuses (an unclosed quote, text after a closing quote, more than width + EXTRA_COLUMNS cells, invalid
 * UTF-8) is read by the TypeScript reader instead (cube/registrations-duckdb.ts).
 */
import type { RegistrationField } from '../../config/campaign.ts';
import { sqlCleanEnds, sqlEmpty, sqlIsoMs, sqlJsTrim, sqlOffsetMinutes, sqlPeriodOf } from '../../validate/sql/fast-checks.ts';
import { MAX_ROW_CHARS } from './tokenizer.ts';

/** Cells a row may have beyond the header's before DuckDB refuses the file. */
export const EXTRA_COLUMNS = 16;

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
  /** Read with one thread: needed when quoted fields span lines (DuckDB's parallel reader refuses them with null_padding). */
  serial?: boolean;
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const col = (i: number): string => `c${i}`;

/** The read_csv(...) call of the plan. */
export function readCsvCall(plan: CsvScanPlan): string {
  const total = plan.width + EXTRA_COLUMNS;
  const columns = `{${Array.from({ length: total }, (_, i) => `'${col(i)}': 'VARCHAR'`).join(', ')}}`;
  return (
    `read_csv(${quote(plan.path)}, columns = ${columns}, header = false, skip = ${plan.headerRow ? 1 : 0}, null_padding = true, ` +
    `nullstr = ${quote(NULL_TEXT)}, delim = ${quote(plan.delimiter)}, quote = '"', escape = '"', auto_detect = false, comment = '', ` +
    `strict_mode = true, max_line_size = ${MAX_ROW_CHARS}, parallel = ${plan.serial ? 'false' : 'true'})`
  );
}

/**
 * Two statements: `CREATE TEMP TABLE <table>_cells`, the file's rows in order (so its rowid is the row's index),
 * then `CREATE TEMP TABLE <table>`, one row per data row with its 1-based `row`, split fast/slow (see the file's
 * comment). The row number is carried as a column, not left to rowid: DuckDB's parallel insert of the second,
 * wider query does not keep the scan's order.
 */
export function scanTableSql(plan: CsvScanPlan, table: string): string[] {
  const total = plan.width + EXTRA_COLUMNS;
  const at = (f: RegistrationField): string | null => (plan.fieldIndex[f] === undefined ? null : col(plan.fieldIndex[f]!));
  const id = at('id');
  const created = at('created_at');
  const stages = (['phone_confirmed_at', 'email_confirmed_at', 'questionnaire_at'] as const).map(at);
  const { from, to } = plan.range;
  // Non-personal cells no field reads (a status column, notes…): kept for a fast row's raw text.
  const others = otherColumns(plan);
  // Whether a row reaches column i; a personal column is named only in the `IS NULL` of the scan below.
  const present = (i: number): string => (plan.personal.has(i) ? `NOT n${i}` : `${col(i)} IS NOT NULL`);
  const checks: string[] = [present(plan.width - 1), `${col(plan.width)} IS NULL`];
  if (plan.status) {
    const s = col(plan.status.index);
    checks.push(sqlCleanEnds(s), `${s} IN (${plan.status.keep.map(quote).join(', ') || 'NULL'})`);
    if (plan.status.drop.length > 0) checks.push(`${s} NOT IN (${plan.status.drop.map(quote).join(', ')})`);
  }
  if (id) checks.push(`${id} <> ''`, `strlen(${id}) <= ${MAX_BYTES.id}`, sqlCleanEnds(id));
  for (const f of ['city', 'region', 'source'] as const) {
    const c = at(f);
    if (c) checks.push(`strlen(coalesce(${c}, '')) <= ${MAX_BYTES[f]}`, sqlCleanEnds(c));
  }
  if (!plan.isoTimes || !created) checks.push('false');
  else {
    checks.push(`cms >= ${from}`, `cms < ${to}`);
    stages.forEach((s, k) => {
      // Same offset as created_at: the stage's text is then rebuilt from its instant and that one offset.
      if (s) checks.push(`(${sqlEmpty(s)} OR (sms${k} >= cms AND sms${k} < ${to} AND substr(${s}, 20) = substr(${created}, 20)))`);
    });
  }
  const fast = checks.map((c) => `(${c})`).join(' AND ');
  const source = at('source');
  const whenFast = (expr: string): string => `CASE WHEN fast THEN ${expr} END`;
  const cellsOf = (indexes: number[]): string => `[${indexes.map((i) => (plan.personal.has(i) ? 'NULL::VARCHAR' : col(i))).join(', ')}]`;
  const lastCell = Array.from({ length: total }, (_, k) => total - 1 - k)
    .map((i) => `WHEN ${present(i)} THEN ${i + 1}`)
    .join(' ');
  const all = Array.from({ length: total }, (_, i) => i);
  const select = [
    ...all.map((i) => (plan.personal.has(i) ? `${col(i)} IS NULL AS n${i}` : col(i))),
    created && plan.isoTimes ? `${sqlIsoMs(created)} AS cms` : 'NULL::BIGINT AS cms',
    ...stages.map((s, k) => (s && plan.isoTimes ? `${sqlIsoMs(s)} AS sms${k}` : `NULL::BIGINT AS sms${k}`))
  ];
  return [
    `CREATE TEMP TABLE ${table}_cells AS SELECT ${select.join(', ')} FROM ${readCsvCall(plan)}`,
    `CREATE TEMP TABLE ${table} AS
SELECT row, fast,
  ${id ? `CASE WHEN fast THEN ${id} ELSE ${sqlJsTrim(id)} END` : 'NULL::VARCHAR'} AS id_key,
  ${whenFast('cms')} AS cms,
  ${stages.map((s, k) => `${whenFast(s ? `CASE WHEN ${sqlEmpty(s)} THEN NULL ELSE sms${k} END` : 'NULL::BIGINT')} AS sms${k}`).join(',\n  ')},
  ${whenFast(created && plan.isoTimes ? sqlOffsetMinutes(created) : 'NULL::INTEGER')} AS offset_minutes,
  ${(['city', 'region'] as const).map((f) => `${whenFast(at(f) ? `coalesce(${at(f)}, '')` : "''")} AS ${f}`).join(', ')},
  ${whenFast(source ? `coalesce(${source}, '')` : "''")} AS source_cell,
  ${whenFast(source ? `CASE WHEN ${sqlEmpty(source)} THEN ${quote(plan.sourceName)} ELSE ${source} END` : quote(plan.sourceName))} AS source,
  ${whenFast('cms // 3600000')}::INTEGER AS hour,
  ${whenFast(sqlPeriodOf('cms', plan.periodStarts))}::INTEGER AS period,
  ${others.length > 0 ? whenFast(cellsOf(others)) : 'NULL::VARCHAR[]'} AS others,
  CASE WHEN NOT fast THEN ${cellsOf(all)} END AS cells,
  CASE WHEN NOT fast THEN CASE ${lastCell} ELSE 0 END END::INTEGER AS cell_count
FROM (SELECT *, rowid + 1 AS row, coalesce(${fast}, false) AS fast FROM ${table}_cells) v`,
    `DROP TABLE ${table}_cells`
  ];
}

/** The non-personal unmapped column indexes, in the order `others` lists them. */
export function otherColumns(plan: Pick<CsvScanPlan, 'width' | 'fieldIndex' | 'personal'>): number[] {
  const mapped = new Set(Object.values(plan.fieldIndex));
  return Array.from({ length: plan.width }, (_, i) => i).filter((i) => !mapped.has(i) && !plan.personal.has(i));
}
