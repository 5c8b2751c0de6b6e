/**
 * The small-cell rule on one city's days (see shared/cube/city-table.ts): per stage, counts below MIN_CELL are
 * carried forward to the city's next day until they reach it. Carrying rather than zeroing keeps every city's
 * totals within MIN_CELL − 1 of the truth per stage, and a growing city's later days whole.
 */
import { MIN_CELL } from '../../shared/cube/city-table.ts';

export interface PublishedDay {
  day: number;
  /** Per stage: the count published on this day, or null (nothing pending, or a small count carried on). */
  counts: Array<number | null>;
}

/** `days` in day order, each with one count per stage; returns the days that publish at least one cell. */
export function holdSmallCells(days: ReadonlyArray<{ day: number; counts: ArrayLike<number> }>, stages: number): PublishedDay[] {
  const pending = new Array<number>(stages).fill(0);
  const out: PublishedDay[] = [];
  for (const { day, counts } of days) {
    let publishes = false;
    const row: Array<number | null> = [];
    for (let s = 0; s < stages; s++) {
      pending[s] += counts[s];
      if (pending[s] >= MIN_CELL) {
        row.push(pending[s]);
        pending[s] = 0;
        publishes = true;
      } else row.push(null);
    }
    if (publishes) out.push({ day, counts: row });
  }
  return out;
}
