/**
 * Delimiter, quoting and header row of a decoded sample. The delimiter is the candidate that splits the most rows
 * into the same number of cells (more than one); the header is told by its cells not looking like the values
 * under them (a date column topped by a word) or all being distinct words where the data repeats or is numeric.
 */
import { CsvTokenizer } from '../sources/csv/tokenizer.ts';
import type { Certainty } from '../sources/csv/detect-encoding.ts';
import { looksLikeValue } from './values.ts';

const DELIMITERS = [',', ';', '\t', '|'] as const;
const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'vertical bar' };

export interface Dialect {
  delimiter: string;
  delimiterName: string;
  /** Share of sampled rows with the modal cell count. */
  consistency: number;
  columns: number;
  quotedCells: number;
  hasHeader: boolean;
  headerCertainty: Certainty;
  headerEvidence: string;
  /** Every complete row of the sample, the header (if any) first. */
  rows: string[][];
}

/** Rows of the sample; the last line is dropped because the sample may have cut it. */
export function tokenize(text: string, delimiter: string): string[][] {
  const cut = text.lastIndexOf('\n');
  const rows: string[][] = [];
  const tokenizer = new CsvTokenizer(delimiter);
  tokenizer.push(cut >= 0 ? text.slice(0, cut + 1) : text, rows);
  tokenizer.end(rows);
  return rows;
}

function modal(rows: string[][]): { columns: number; share: number } {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let columns = 0;
  let best = 0;
  for (const [n, c] of counts) if (c > best || (c === best && n > columns)) [columns, best] = [n, c];
  return { columns, share: rows.length ? best / rows.length : 0 };
}

function header(rows: string[][]): Pick<Dialect, 'hasHeader' | 'headerCertainty' | 'headerEvidence'> {
  const [first, ...data] = rows;
  if (!first || data.length === 0) return { hasHeader: true, headerCertainty: 'low', headerEvidence: 'too few rows to tell; the first row is taken as the header' };
  let contrasting = 0;
  for (let c = 0; c < first.length; c++) {
    const below = data.map((r) => r[c] ?? '').filter((v) => v !== '');
    const typed = below.filter(looksLikeValue).length;
    if (below.length > 0 && typed / below.length >= 0.8 && !looksLikeValue(first[c])) contrasting++;
  }
  const distinct = new Set(first).size === first.length && first.every((v) => v.trim() !== '' && !looksLikeValue(v));
  if (contrasting > 0 && distinct) {
    return { hasHeader: true, headerCertainty: 'high', headerEvidence: `${contrasting} column(s) of dates, numbers or e-mails topped by a name` };
  }
  if (!distinct || first.some(looksLikeValue)) {
    return { hasHeader: false, headerCertainty: contrasting === 0 ? 'high' : 'low', headerEvidence: 'the first row holds values (dates, numbers, e-mails or empty cells) like the rows under it' };
  }
  return { hasHeader: true, headerCertainty: 'low', headerEvidence: 'the first row is distinct text, but so are the columns under it' };
}

export function detectDialect(text: string): Dialect {
  let best: { delimiter: string; rows: string[][]; columns: number; share: number } | null = null;
  for (const d of DELIMITERS) {
    const rows = tokenize(text, d);
    const { columns, share } = modal(rows);
    if (columns < 2) continue;
    if (!best || share > best.share + 0.05 || (share >= best.share - 0.05 && columns > best.columns)) best = { delimiter: d, rows, columns, share };
  }
  const chosen = best ?? { delimiter: ',', rows: tokenize(text, ','), columns: 1, share: 1 };
  const quotedCells = (text.match(new RegExp(`(^|[${chosen.delimiter === '\t' ? '\\t' : chosen.delimiter}\\n])"`, 'g')) ?? []).length;
  return {
    delimiter: chosen.delimiter,
    delimiterName: DELIMITER_NAMES[chosen.delimiter] ?? chosen.delimiter,
    consistency: chosen.share,
    columns: chosen.columns,
    quotedCells,
    ...header(chosen.rows),
    rows: chosen.rows
  };
}
