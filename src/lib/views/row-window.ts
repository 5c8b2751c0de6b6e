/**
 * Which rows of a long table to put in the DOM: the ones inside its scroll box plus a margin, with the height of
 * the rows left out above and below, so the scroll bar and position stay those of the whole table. Rows have a
 * fixed height. A brush move then rewrites some 30 rows instead of every region.
 */
export interface RowWindow {
  /** First row rendered. */
  first: number;
  /** One past the last row rendered. */
  last: number;
  /** Pixels standing in for the rows above `first` and below `last`. */
  before: number;
  after: number;
}

export function rowWindow(total: number, scrollTop: number, viewportPx: number, rowPx: number, overscan = 8): RowWindow {
  const first = Math.max(0, Math.min(total, Math.floor(scrollTop / rowPx) - overscan));
  const last = Math.max(first, Math.min(total, Math.ceil((scrollTop + viewportPx) / rowPx) + overscan));
  return { first, last, before: first * rowPx, after: (total - last) * rowPx };
}
