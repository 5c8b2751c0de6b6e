/**
 * The readiness table's body cells as data: for each rendered row, in the order of its value cells (every column
 * but the region's name), the text shown, the raw value (`data-value`) and the title. A brush move re-sorts the
 * rows and changes most numbers; the view writes these arrays into the cells in one pass (patchTexts,
 * patchAttributes), so only cells whose text or value changed are touched, with no reactive update per cell.
 */
import type { ReadinessKey, ReadinessRow } from '$shared/metrics/readiness';

export interface ReadinessCells {
  texts: string[];
  values: Array<string | number | null>;
  titles: Array<string | null>;
}

export interface CellFormat {
  /** The cell's text. */
  display(row: ReadinessRow, key: ReadinessKey): string;
  /** The cell's title, or null for none. */
  title(row: ReadinessRow, key: ReadinessKey): string | null;
}

/** `columns` are the value columns in their order; the result holds `rows.length × columns.length` cells, row by row. */
export function readinessCells(rows: readonly ReadinessRow[], columns: readonly ReadinessKey[], format: CellFormat): ReadinessCells {
  const n = rows.length * columns.length;
  const out: ReadinessCells = { texts: new Array<string>(n), values: new Array<string | number | null>(n), titles: new Array<string | null>(n) };
  let k = 0;
  for (const row of rows) {
    for (const key of columns) {
      out.texts[k] = format.display(row, key);
      out.values[k] = row[key] ?? null;
      out.titles[k] = format.title(row, key);
      k++;
    }
  }
  return out;
}
