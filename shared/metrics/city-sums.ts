/** Per-city sums of one stage over a span of local days of the city table (both views and the planner read them). */
import type { CityTable } from '../cube/city-table';
import type { Stage } from '../cube/format';

/** `out[c]`: city c's `stage` count over days [fromDay, toDay] (inclusive). */
export function citySums(table: CityTable, stage: Stage, fromDay: number, toDay: number): Float64Array {
  const out = new Float64Array(table.cities.length);
  const counts = table.counts[stage];
  for (let i = 0; i < table.rows; i++) {
    const d = table.day[i];
    if (d >= fromDay && d <= toDay) out[table.city[i]] += counts[i];
  }
  return out;
}

/** The table's first and last day; [0, -1] when it is empty. */
export function dayRange(table: CityTable): [number, number] {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < table.rows; i++) {
    first = Math.min(first, table.day[i]);
    last = Math.max(last, table.day[i]);
  }
  return table.rows > 0 ? [first, last] : [0, -1];
}
