/**
 * The small-cell rule on one city's days (see shared/cube/city-table.ts): per stage, counts below MIN_CELL are
 * carried forward to the city's next day until they reach it. Carrying rather than zeroing keeps every city's
 * totals within MIN_CELL − 1 of the truth per stage, and a growing city's later days whole.
 */
import { MIN_CELL } from '../../shared/cube/city-table.ts';

/** A stage's cell that a day does not publish (nothing pending, or a small count carried on). */
export const HELD = -1;

/**
 * The rule over the days of one city after another: `startCity()`, then `day()` per day in day order. Writes
 * into typed arrays, no object per day: the 1M demo has ~150k published (city, day) rows.
 */
export class SmallCellRule {
  private readonly pending: Int32Array;

  constructor(stages: number) {
    this.pending = new Int32Array(stages);
  }

  /** Forgets what the previous city carried: a remainder still below MIN_CELL at its end is not published. */
  startCity(): void {
    this.pending.fill(0);
  }

  /** Adds a day's counts (one per stage); writes into `out` what the day publishes, per stage a count or HELD, and returns whether any. */
  day(counts: ArrayLike<number>, out: Int32Array): boolean {
    const pending = this.pending;
    let publishes = false;
    for (let s = 0; s < pending.length; s++) {
      pending[s] += counts[s];
      if (pending[s] >= MIN_CELL) {
        out[s] = pending[s];
        pending[s] = 0;
        publishes = true;
      } else out[s] = HELD;
    }
    return publishes;
  }
}
