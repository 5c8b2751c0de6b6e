/**
 * The one CSV writer of the project, browser-safe (the dashboard's export uses it too).
 *
 * RFC 4180 quoting (delimiter, quote, line breaks), plus quotes around a cell with leading or trailing spaces (readers that trim unquoted cells
 * keep them). Formula-injection defence (OWASP): a text cell starting with = + - @, tab or CR would be run as a
 * formula by Excel or LibreOffice, so it is prefixed with a single quote. Only strings are guarded: a number
 * written as a number (a negative count) stays numeric, while a numeric-looking string such as a phone "+7999…"
 * is guarded, since a spreadsheet would evaluate it.
 *
 * Files meant for people (rejects.csv, unresolved-cities.csv, the readiness CSV) use SPREADSHEET. Files meant to be
 * read back as data (the demo's synthetic exports, the raw row text a rejection quotes) use a dialect with the
 * guard off: an apostrophe there would change the value the pipeline reads. Where such raw text lands in a file
 * for people, it is one cell of that file, guarded there.
 */

export type CsvCell = string | number | null | undefined;

export interface CsvDialect {
  delimiter: string;
  formulaGuard: boolean;
}

export const SPREADSHEET: CsvDialect = { delimiter: ',', formulaGuard: true };
/** Data read back by a program (the pipeline's own input): values exactly as they are. */
export const RAW: CsvDialect = { delimiter: ',', formulaGuard: false };

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /["\r\n]|^ | $/;

export function csvCell(value: CsvCell, dialect: CsvDialect = SPREADSHEET): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (dialect.formulaGuard && typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return text.includes(dialect.delimiter) || NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line (without its line end). */
export function csvLine(cells: readonly CsvCell[], dialect: CsvDialect = SPREADSHEET): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i > 0 ? dialect.delimiter : '') + csvCell(cells[i], dialect);
  return line;
}

export function toCsv(header: string[], rows: CsvCell[][], { bom = true } = {}): string {
  const lines = [header, ...rows].map((row) => csvLine(row));
  return (bom ? BOM : '') + lines.join('\r\n') + '\r\n';
}

/** Parses RFC 4180 text (BOM tolerated) back into rows of strings; used by tests and by anyone re-importing. */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || (ch === '\r' && src[i + 1] === '\n')) {
      if (ch === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
