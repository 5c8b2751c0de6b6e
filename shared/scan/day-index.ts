/**
 * A daily roll-up of the hourly registrations cube, so a query over a long range reads one row per
 * (day, region, source, distance) for the whole days inside it and hourly rows only at its two ragged ends.
 * At 1M hourly rows, a whole-campaign query reads ~24 times fewer rows; built once per data set, lazily.
 *
 * Days are 24-hour blocks starting at the campaign's local midnight before the first hour: after a DST change
 * the block edges are an hour off local midnight, which costs nothing in exactness, since the edges of every
 * query are read hour by hour (the chart's day bins follow the zone, see shared/time/bins.ts).
 */
import { STAGES, type ColumnTable } from '../cube/format';
import { localDaysOf } from '../time/local-days';

const KEYS = ['region', 'source', 'distance', ...STAGES] as const;
export type RollupColumns = Record<(typeof KEYS)[number], Int32Array>;

/** Rows [start, end) of one table; a query's rows are the union of a few of these. */
export interface Segment {
  cols: RollupColumns;
  start: number;
  end: number;
}

export interface DayIndex {
  /** First hour of day 0. */
  anchor: number;
  /** The cube sorted by hour (the cube itself when it already is). */
  hours: Int32Array;
  hourly: RollupColumns;
  daily: RollupColumns;
  /** Row offsets of each day in `daily`, plus the end: day d is rows dayStart[d] … dayStart[d + 1]. */
  dayStart: Int32Array;
}

/** The first row at or after `hour` in ascending `hours`. */
export function lowerBound(hours: Int32Array, hour: number): number {
  let lo = 0;
  let hi = hours.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hours[mid] < hour) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The table's columns in hour order: the pipeline writes it sorted, but a reader must not depend on that. */
function sortedByHour(table: ColumnTable): { hours: Int32Array; cols: RollupColumns } {
  const hours = table.columns.hour;
  const pick = (src: Record<string, Int32Array>) => Object.fromEntries(KEYS.map((k) => [k, src[k]])) as RollupColumns;
  let sorted = true;
  for (let i = 1; i < hours.length && sorted; i++) sorted = hours[i - 1] <= hours[i];
  if (sorted) return { hours, cols: pick(table.columns) };
  // Counting sort: hours are integers in a range of a few thousand to tens of thousands.
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < hours.length; i++) {
    if (hours[i] < min) min = hours[i];
    if (hours[i] > max) max = hours[i];
  }
  const next = new Int32Array(max - min + 2);
  for (let i = 0; i < hours.length; i++) next[hours[i] - min + 1]++;
  for (let h = 1; h < next.length; h++) next[h] += next[h - 1];
  // One scatter pass writing every column (sequential reads, no per-column gather through an order array,
  // no map callback): this sort is on the first load's critical path, as the pipeline orders rows for gzip.
  const n = hours.length;
  const src = KEYS.map((k) => table.columns[k]);
  const dst = KEYS.map(() => new Int32Array(n));
  const sortedHours = new Int32Array(n);
  const [r, s, d, reg, phone, email, quest, future] = src;
  const [dr, ds, dd, dReg, dPhone, dEmail, dQuest, dFuture] = dst;
  for (let i = 0; i < n; i++) {
    const at = next[hours[i] - min]++;
    sortedHours[at] = hours[i];
    dr[at] = r[i];
    ds[at] = s[i];
    dd[at] = d[i];
    dReg[at] = reg[i];
    dPhone[at] = phone[i];
    dEmail[at] = email[i];
    dQuest[at] = quest[i];
    dFuture[at] = future[i];
  }
  return { hours: sortedHours, cols: Object.fromEntries(KEYS.map((k, j) => [k, dst[j]])) as RollupColumns };
}

function build(table: ColumnTable, timeZone: string, dims: { region: number; source: number; distance: number }): DayIndex {
  const { hours, cols } = sortedByHour(table);
  const first = hours.length > 0 ? hours[0] : 0;
  const last = hours.length > 0 ? hours[hours.length - 1] : 0;
  const anchor = localDaysOf(timeZone).dayStartOfHour(first);
  const nDays = Math.floor((last - anchor) / 24) + 1;
  const nCells = dims.region * dims.source * dims.distance;
  const cellOf = (i: number) => (cols.region[i] * dims.source + cols.source[i]) * dims.distance + cols.distance[i];
  const dayOf = (i: number) => Math.floor((hours[i] - anchor) / 24);

  // Pass 1: distinct cells per day, so the roll-up is allocated once at its exact size.
  const seenOnDay = new Int32Array(nCells).fill(-1);
  const dayStart = new Int32Array(nDays + 1);
  for (let i = 0; i < hours.length; i++) {
    const cell = cellOf(i);
    const day = dayOf(i);
    if (seenOnDay[cell] !== day) {
      seenOnDay[cell] = day;
      dayStart[day + 1]++;
    }
  }
  for (let d = 1; d <= nDays; d++) dayStart[d] += dayStart[d - 1];

  // Pass 2: sum each day's rows into its cells; `slot` maps a cell to its row within the current day.
  const daily = Object.fromEntries(KEYS.map((k) => [k, new Int32Array(dayStart[nDays])])) as RollupColumns;
  const slot = new Int32Array(nCells);
  seenOnDay.fill(-1);
  const used = new Int32Array(nDays);
  // Unrolled over the stages: at a million rows this loop is on the first load's critical path.
  const [reg, phone, email, quest, future] = STAGES.map((s) => cols[s]);
  const [dReg, dPhone, dEmail, dQuest, dFuture] = STAGES.map((s) => daily[s]);
  for (let i = 0; i < hours.length; i++) {
    const cell = cellOf(i);
    const day = dayOf(i);
    if (seenOnDay[cell] !== day) {
      seenOnDay[cell] = day;
      slot[cell] = dayStart[day] + used[day]++;
      daily.region[slot[cell]] = cols.region[i];
      daily.source[slot[cell]] = cols.source[i];
      daily.distance[slot[cell]] = cols.distance[i];
    }
    const row = slot[cell];
    dReg[row] += reg[i];
    dPhone[row] += phone[i];
    dEmail[row] += email[i];
    dQuest[row] += quest[i];
    dFuture[row] += future[i];
  }
  return { anchor, hours, hourly: cols, daily, dayStart };
}

const cache = new WeakMap<ColumnTable, DayIndex>();

export function dayIndex(table: ColumnTable, timeZone: string, dims: { region: number; source: number; distance: number }): DayIndex {
  let index = cache.get(table);
  if (!index) {
    index = build(table, timeZone, dims);
    cache.set(table, index);
  }
  return index;
}

/**
 * The half-open hour range [from, to) as the whole days inside it (`days`, day numbers, empty when from ≥ to) and
 * the hourly rows at its two ragged ends (`hours`).
 */
export function spans(index: DayIndex, from: number, to: number): { hours: Segment[]; days: [number, number] } {
  const nDays = index.dayStart.length - 1;
  const hourRows = (a: number, b: number): Segment => ({ cols: index.hourly, start: lowerBound(index.hours, a), end: lowerBound(index.hours, b) });
  const dayFrom = Math.min(nDays, Math.max(0, Math.ceil((from - index.anchor) / 24)));
  const dayTo = Math.min(nDays, Math.max(0, Math.floor((to - index.anchor) / 24)));
  if (dayFrom >= dayTo || to <= from) return { hours: to > from ? [hourRows(from, to)] : [], days: [0, 0] };
  const dayFromHour = index.anchor + dayFrom * 24;
  const dayToHour = index.anchor + dayTo * 24;
  return { hours: [hourRows(from, dayFromHour), hourRows(Math.max(from, dayToHour), to)], days: [dayFrom, dayTo] };
}

/** The rows that make up exactly the half-open hour range [from, to). */
export function segments(index: DayIndex, from: number, to: number): Segment[] {
  const { hours, days } = spans(index, from, to);
  if (days[0] >= days[1]) return hours;
  return [hours[0], { cols: index.daily, start: index.dayStart[days[0]], end: index.dayStart[days[1]] }, hours[1]];
}
