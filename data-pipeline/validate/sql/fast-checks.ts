/**
 * SQL expressions (DuckDB) that recognise the rows RecordValidator (validate/validate.ts) would certainly accept,
 * and compute what it would compute from them: the common, clean case of a well-formed export. They are
 * deliberately narrower than the validator: a row they do not recognise is not rejected here but handed to the
 * validator itself, which accepts or rejects it with its own reason. So the set of accepted rows, and every value
 * derived from them, is the validator's exactly — the differential tests (tests/integration/pipeline) hold both
 * paths to the same cubes — while DuckDB does the per-row work for the millions of clean rows.
 */

/** Code points String.prototype.trim removes (WhiteSpace and LineTerminator of ECMA-262), ASCII space included. */
export const JS_TRIM_CODE_POINTS = [
  9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f,
  0x3000, 0xfeff
] as const;

const TRIM_LIST = `[${JS_TRIM_CODE_POINTS.join(', ')}]`;
const TRIM_CHARS = JS_TRIM_CODE_POINTS.map((c) => `chr(${c})`).join(' || ');

/**
 * The one timestamp shape read here: `YYYY-MM-DDTHH:MM:SS±HH:MM`, fields in range — what form exports and
 * databases write. parseIso reads it to the same instant as DuckDB's TIMESTAMPTZ cast; every other shape it
 * accepts (no seconds, fractions, `Z`, no offset: the campaign's zone) goes to the validator.
 */
const ISO_SHAPE = `'[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9][+-](0[0-9]|1[0-8]):[0-5][0-9]'`;

/**
 * Whether `x` (not NULL) is one of `list`, a DuckDB list literal. Not `x IN (…)`: DuckDB plans a long IN list as a
 * join, and a join in the scan's query loses the file's row order, which its rowids stand for (duckdb-scan.ts).
 */
export const sqlAmong = (x: string, list: string): string => `(${x} IS NOT NULL AND list_contains(${list}, ${x}))`;

/** Whether `x` (not NULL) is none of `list` (as sqlAmong). */
export const sqlNotAmong = (x: string, list: string): string => `(${x} IS NOT NULL AND NOT list_contains(${list}, ${x}))`;

/** `x` exactly as JS's `x.trim()` would leave it: nothing to trim at either end (NULL and '' count as clean). */
export const sqlCleanEnds = (x: string): string => `(${x} IS NULL OR ${x} = '' OR (${sqlNotAmong(`ord(${x})`, TRIM_LIST)} AND ${sqlNotAmong(`ord(right(${x}, 1))`, TRIM_LIST)}))`;

/** JS's `x.trim()`, for the few values that are not clean (sqlCleanEnds): DuckDB's trim() removes spaces only. */
export const sqlJsTrim = (x: string): string => `trim(${x}, ${TRIM_CHARS})`;

/** Epoch milliseconds of a timestamp in the one shape (ISO_SHAPE), NULL for anything else or an invalid date. */
export const sqlIsoMs = (x: string): string => `CASE WHEN regexp_full_match(${x}, ${ISO_SHAPE}) THEN epoch_ms(try_cast(${x} AS TIMESTAMPTZ)) END`;

/**
 * A timestamp's offset in the one shape (ISO_SHAPE, not NULL) as a SMALLINT code: its minutes east of UTC, or
 * −1 − minutes west of it, so that `-00:00` keeps its sign. With the epoch ms (sqlIsoMs), the text comes back
 * whole (sqlIsoText): a scan keeps these 10 bytes of a timestamp instead of its 25 characters.
 */
export const sqlIsoOffsetCode = (x: string): string => {
  const minutes = `(substr(${x}, 21, 2)::INTEGER * 60 + substr(${x}, 24, 2)::INTEGER)`;
  return `(CASE WHEN substr(${x}, 20, 1) = '-' THEN -1 - ${minutes} ELSE ${minutes} END)::SMALLINT`;
};

/** sqlIsoOffsetCode of a timestamp in the one shape that ends in `offset` (`+03:00`), or null for another text. */
export function isoOffsetCode(offset: string): number | null {
  const m = /^([+-])(0[0-9]|1[0-8]):([0-5][0-9])$/.exec(offset);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -1 - minutes : minutes;
}

/** The text in the one shape of epoch ms `ms` at offset `code` (sqlIsoOffsetCode): the cell sqlIsoMs read. */
export const sqlIsoText = (ms: string, code: string): string => {
  const minutes = `(CASE WHEN ${code} < 0 THEN -1 - ${code} ELSE ${code} END)`;
  const east = `(CASE WHEN ${code} < 0 THEN ${code} + 1 ELSE ${code} END)`;
  return (
    `strftime(make_timestamp((${ms} + ${east} * 60000) * 1000), '%Y-%m-%dT%H:%M:%S') || CASE WHEN ${code} < 0 THEN '-' ELSE '+' END || ` +
    `lpad((${minutes} // 60)::VARCHAR, 2, '0') || ':' || lpad((${minutes} % 60)::VARCHAR, 2, '0')`
  );
};

/** A cell the validator would read as empty: NULL or ''. */
export const sqlEmpty = (x: string): string => `(${x} IS NULL OR ${x} = '')`;

/**
 * The validator's period index (DistanceClassifier.periodOf: how many of `starts` are ≤ ms) as a balanced tree of
 * comparisons: ⌈log2(n + 1)⌉ of them per row instead of a scan of the list.
 */
export function sqlPeriodOf(ms: string, starts: ArrayLike<number>): string {
  const tree = (lo: number, hi: number): string => {
    // Answer in [lo, hi]: how many starts are ≤ ms, knowing starts[lo−1] ≤ ms < starts[hi].
    if (lo === hi) return String(lo);
    const mid = (lo + hi) >> 1;
    return `CASE WHEN ${ms} < ${starts[mid]} THEN ${tree(lo, mid)} ELSE ${tree(mid + 1, hi)} END`;
  };
  return tree(0, starts.length);
}
