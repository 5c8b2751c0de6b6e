/**
 * The one SQL statement of pushdown mode: it validates every row with RecordValidator's rules for typed columns and
 * groups the accepted ones into RegistrationGroup rows, inside PostgreSQL. Accepted rows leave the database only as
 * counts; a rejected row leaves it as its own one-row group carrying its row number, the field at fault and our
 * mapped fields (never another column), so rejects.csv reads as the row-by-row reader would have written it.
 *
 * Timestamps must be typed: `timestamptz` is an instant, `timestamp` and `date` are read in the campaign's time
 * zone (`AT TIME ZONE`), all truncated to milliseconds as the row-by-row reader's ISO text is. A text timestamp column
 * is refused rather than parsed in SQL: parseIso accepts offsets, commas and date-only forms that a SQL cast reads
 * differently, and two parsers that disagree on an edge would make the two modes count differently. A view that
 * casts the column (`created_at::timestamptz`) lifts the refusal where the cast is right for the data.
 *
 * Row numbers and "the first of duplicate ids" follow the order of one sequential scan, as the row-by-row cursor
 * reads it (`row_number() OVER ()` takes rows as the scan yields them; readOnly() turns off synchronized and
 * parallel scans, which would change that order).
 */
import { STAGE_FIELDS, type RegistrationField } from '../../config/campaign.ts';
import { DATE, TIMESTAMP, TIMESTAMPTZ, type TableColumns } from './table.ts';

/** What JavaScript's String.prototype.trim removes (RecordValidator trims with it): btrim's default is spaces only. */
export const JS_WHITESPACE = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

const TIMESTAMP_TYPES = new Set([TIMESTAMPTZ, TIMESTAMP, DATE]);

/** RecordValidator's length limits (UTF-16 units) for the text fields; typed timestamps never reach theirs. */
const MAX_LENGTH = [
  ['id', 200],
  ['city', 200],
  ['region', 200],
  ['source', 64]
] as const satisfies ReadonlyArray<readonly [RegistrationField, number]>;

export interface PushdownQueryInput {
  /** The quoted table name (quoteTableName). */
  table: string;
  columns: TableColumns;
  /** The config source's name: the source of rows without their own. */
  sourceName: string;
  timeZone: string;
  /** Accepted created_at: [from, to); stages: before `to` (epoch ms). */
  range: { from: number; to: number };
  /** Sorted change instants of the headquarters network (epoch ms). */
  periodStarts: readonly number[];
}

export interface PushdownQuery {
  text: string;
  values: unknown[];
  /** Our fields, in the order the statement returns them for a rejected row (after the group columns). */
  rejectFields: RegistrationField[];
}

/** The statement's first result columns, in order; one column per `rejectFields` entry follows them (NULL in a group). */
export const GROUP_COLUMNS = ['field', 'duplicate', 'reject_row', 'source', 'city', 'region', 'hour', 'period', 'phone', 'email', 'questionnaire', 'n'] as const;

/** Timestamp columns that pushdown cannot read (not timestamptz, timestamp or date), with their type OIDs. */
export function untypedTimestamps(columns: TableColumns): Array<[RegistrationField, number]> {
  return (['created_at', ...STAGE_FIELDS] as const).flatMap((c): Array<[RegistrationField, number]> => {
    const oid = columns.get(c);
    return oid === undefined || TIMESTAMP_TYPES.has(oid) ? [] : [[c, oid]];
  });
}

export function pushdownQuery(input: PushdownQueryInput): PushdownQuery {
  const { columns } = input;
  const untyped = untypedTimestamps(columns);
  if (untyped.length) throw new Error(`pushdownQuery: untyped timestamp columns ${untyped.map(([c]) => c).join(', ')}`);
  const values: unknown[] = [];
  const param = (v: unknown, type: string): string => {
    values.push(v);
    return `$${values.length}::${type}`;
  };
  const ws = param(JS_WHITESPACE, 'text');
  // Only a statement that reads local times binds the zone: PostgreSQL refuses a parameter it cannot type.
  let zone: string | undefined;
  const inZone = () => (zone ??= param(input.timeZone, 'text'));
  const from = param(String(input.range.from), 'bigint');
  const to = param(String(input.range.to), 'bigint');
  const source = param(input.sourceName, 'text');
  const has = (c: RegistrationField) => columns.has(c);
  const text = (c: RegistrationField) => `"${c}"::text`;
  const instant = (c: RegistrationField): string => {
    const type = columns.get(c);
    const v = type === TIMESTAMPTZ ? `"${c}"` : type === TIMESTAMP ? `("${c}" AT TIME ZONE ${inZone()})` : `("${c}"::timestamp AT TIME ZONE ${inZone()})`;
    // Infinite values have no epoch: NULL here, "not a timestamp" below.
    // Truncated to whole milliseconds first, the double epoch × 1000 is within 10⁻³ of its integer, so the cast's
    // rounding is exact; numeric extract() gives the same values at twice the cost.
    return `CASE WHEN isfinite(${v}) THEN (date_part('epoch', date_trunc('milliseconds', ${v})) * 1000)::bigint END`;
  };
  // JavaScript counts UTF-16 units, PostgreSQL characters: a character beyond U+FFFF is two units, so only a text
  // of more than half the limit in characters needs the costlier count.
  const tooLong = (c: RegistrationField, max: number) =>
    `(length(${text(c)}) > ${max} OR (length(${text(c)}) > ${max >> 1} AND length(${text(c)}) + length(regexp_replace(${text(c)}, '[^\\U00010000-\\U0010FFFF]', '', 'g')) > ${max}))`;

  const stages = STAGE_FIELDS.filter(has);
  const checks: string[] = [`WHEN "created_at" IS NULL THEN 'created_at'`];
  for (const [c, max] of MAX_LENGTH) if (has(c)) checks.push(`WHEN ${tooLong(c, max)} THEN '${c}'`);
  if (has('id')) checks.push(`WHEN "id" IS NULL OR btrim(${text('id')}, ${ws}) = '' THEN 'id'`);
  checks.push(`WHEN created IS NULL OR created < ${from} OR created >= ${to} THEN 'created_at'`);
  for (const c of stages) checks.push(`WHEN "${c}" IS NOT NULL AND (ms_${c} IS NULL OR ms_${c} < created OR ms_${c} >= ${to}) THEN '${c}'`);

  // Of the rows that pass every other check, the first of each id is accepted and the later ones are duplicates.
  const duplicate = has('id') ? `fault IS NULL AND row_no > min(row_no) FILTER (WHERE fault IS NULL) OVER (PARTITION BY btrim(${text('id')}, ${ws}))` : 'false';
  const period = input.periodStarts.length ? `width_bucket(created, ${param(input.periodStarts.map(String), 'bigint[]')})` : '0';
  const trimmed = (c: RegistrationField) => (has(c) ? `coalesce(btrim(${text(c)}, ${ws}), '')` : `''`);
  const accepted = (expr: string) => `CASE WHEN field IS NULL THEN ${expr} END`;
  const rejectFields = [...columns.keys()];

  // OFFSET 0 keeps each step a subquery of its own: flattened, every reference to \`fault\` and \`field\` would
  // evaluate the whole CASE again (some twenty times a row).
  const sql = `
WITH numbered AS (
  SELECT row_number() OVER () AS row_no, *, ${instant('created_at')} AS created${stages.map((c) => `, ${instant(c)} AS ms_${c}`).join('')}
  FROM (SELECT ${rejectFields.map((c) => `"${c}"`).join(', ')} FROM ${input.table}) AS mapped
), checked AS (
  SELECT *, CASE ${checks.join(' ')} END AS fault FROM numbered OFFSET 0
), judged AS (
  SELECT *, coalesce(fault, CASE WHEN duplicate THEN 'id' END) AS field
  FROM (SELECT *, ${duplicate} AS duplicate FROM checked) AS ranked OFFSET 0
)
SELECT field, duplicate, CASE WHEN field IS NOT NULL THEN row_no END,
  ${accepted(has('source') ? `coalesce(nullif(btrim(${text('source')}, ${ws}), ''), ${source})` : source)},
  ${accepted(trimmed('city'))},
  ${accepted(trimmed('region'))},
  ${accepted('(created / 3600000)::int')},
  ${accepted(period)},
  ${STAGE_FIELDS.map((c) => accepted(has(c) ? `"${c}" IS NOT NULL` : 'false')).join(', ')},
  count(*)::int,
  ${rejectFields.map((c) => `CASE WHEN field IS NOT NULL THEN "${c}" END`).join(', ')}
FROM judged
GROUP BY ${Array.from({ length: GROUP_COLUMNS.length - 1 + rejectFields.length }, (_, i) => (i < GROUP_COLUMNS.length - 1 ? i + 1 : i + 2)).join(', ')}`;
  return { text: sql, values, rejectFields };
}
