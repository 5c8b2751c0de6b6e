/**
 * A profile's own time format (validate/time.ts compileTimeFormat: "DD.MM.YYYY HH:mm" and the like, read in the
 * campaign's time zone) in SQL, so that an export written that way is read by DuckDB like any other instead of row
 * by row in TypeScript (the 10M demo's partner export, 2.1 s of TypeScript before). As every fast check
 * (fast-checks.ts), it is narrower than the parser: a text it does not read for certain is NULL, and its row goes
 * to the validator.
 *
 * Read here: a text of the format's full length whose digits and literals are where the format puts them, a valid
 * date, on a local day whose UTC offset holds all day (a day the offset changes is left to ZoneClock, minute by
 * minute), in the span the campaign's time range allows. The parser tries the format first and ISO after: a text of
 * the format's length (with or without its seconds) is never read as ISO here, so SQL never reads a text as ISO
 * that the parser would have read in the format.
 */
import { DAY_MS } from '../../../shared/time/units.ts';
import type { ZoneClock } from '../../../shared/time/zone-clock.ts';
import { timeFormatTokens, type TimeFormatToken } from '../time.ts';
import type { TimeRange } from '../time-range.ts';
import { sqlIsoMs } from './fast-checks.ts';

/** SQL of a cell's epoch ms (UTC) as the validator reads it, NULL when SQL cannot vouch for it. */
export type SqlTimeReader = (cell: string) => string;

/** Days of margin around the time range: a local day near its ends may hold instants inside it. */
const MARGIN_DAYS = 2;

const DIGITS: Record<Exclude<TimeFormatToken['kind'], 'lit'>, string> = {
  Y: '[0-9]{4}',
  M: '[0-9]{2}',
  D: '[0-9]{2}',
  // The parser refuses hours past 23 and minutes or seconds past 59; DuckDB's cast would take 24:00.
  h: '([01][0-9]|2[0-3])',
  m: '[0-5][0-9]',
  s: '[0-5][0-9]'
};

const regexLiteral = (code: number): string => {
  const c = String.fromCharCode(code);
  return /[\\^$.|?*+()[\]{}-]/.test(c) ? `\\${c}` : c;
};

/**
 * The reader of `format` (ISO alone when there is none), or null when SQL cannot read it (a literal outside the
 * Basic Multilingual Plane, whose UTF-16 positions are not DuckDB's character positions): every row is then slow.
 */
export function sqlTimeReader(format: string | undefined, zone: ZoneClock, range: TimeRange): SqlTimeReader | null {
  if (!format) return sqlIsoMs;
  const { tokens, length, withoutSeconds } = timeFormatTokens(format);
  if (tokens.some((t) => t.kind === 'lit' && t.code >= 0xd800 && t.code <= 0xdfff)) return null;
  const shape = `'${tokens.map((t) => (t.kind === 'lit' ? regexLiteral(t.code) : DIGITS[t.kind])).join('').replace(/'/g, "''")}'`;
  // The last token of a kind wins, as in the parser; a kind the format lacks takes the parser's default.
  const part = (kind: Exclude<TimeFormatToken['kind'], 'lit'>, fallback: string) => (cell: string): string => {
    const t = tokens.filter((x) => x.kind === kind).pop();
    return t && t.kind !== 'lit' ? `substr(${cell}, ${t.at + 1}, ${t.len})` : `'${fallback}'`;
  };
  const [y, mo, d, h, mi, s] = ([['Y', '1970'], ['M', '01'], ['D', '01'], ['h', '00'], ['m', '00'], ['s', '00']] as const).map(([k, f]) => part(k, f));
  const offsets = offsetSql(zone, range);
  return (cell) => {
    const local = `epoch_ms(try_cast(concat(${y(cell)}, '-', ${mo(cell)}, '-', ${d(cell)}, ' ', ${h(cell)}, ':', ${mi(cell)}, ':', ${s(cell)}) AS TIMESTAMP))`;
    return (
      // No subquery for the local time named once: a correlated subquery is planned as a join, which loses the
      // scan's row order (duckdb-scan.ts). DuckDB computes the repeated expression once (common subexpressions).
      `CASE WHEN regexp_full_match(${cell}, ${shape}) THEN ${local} - ${offsets(local)} ` +
      `WHEN strlen(${cell}) = ${length} OR strlen(${cell}) = ${withoutSeconds} THEN NULL ELSE ${sqlIsoMs(cell)} END`
    );
  };
}

/**
 * SQL of the UTC offset (ms) of a local wall-clock time `local` (epoch ms as if UTC): the offset of its local day
 * where that holds all day (ZoneClock.offsetOfDay), NULL on a day the offset changes and outside the range's span.
 * A balanced tree over the runs of days with one offset: a zone without changes in the span is one comparison.
 */
function offsetSql(zone: ZoneClock, range: TimeRange): (local: string) => string {
  const first = Math.floor(range.from / DAY_MS) - MARGIN_DAYS;
  const last = Math.floor(range.to / DAY_MS) + MARGIN_DAYS;
  // Runs of days [start, next start) with one offset (NaN: changes within the day), and the span's end.
  const starts: number[] = [];
  const values: number[] = [];
  for (let day = first; day <= last; day++) {
    const offset = zone.offsetOfDay(day);
    if (values.length === 0 || !Object.is(offset, values[values.length - 1])) {
      starts.push(day * DAY_MS);
      values.push(offset);
    }
  }
  starts.push((last + 1) * DAY_MS);
  const value = (k: number): string => (Number.isNaN(values[k]) ? 'NULL' : String(values[k]));
  return (local) => {
    // Knowing starts[lo] ≤ local < starts[hi + 1]: the run holding it.
    const tree = (lo: number, hi: number): string => {
      if (lo === hi) return value(lo);
      const mid = (lo + hi + 1) >> 1;
      return `CASE WHEN ${local} < ${starts[mid]} THEN ${tree(lo, mid - 1)} ELSE ${tree(mid, hi)} END`;
    };
    return `CASE WHEN ${local} >= ${starts[0]} AND ${local} < ${starts[starts.length - 1]} THEN ${tree(0, values.length - 1)} END`;
  };
}
