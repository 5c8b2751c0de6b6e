/**
 * The daily roll-up of the registrations cube (`registrations-daily.tbc`, manifest key `registrationsDaily`): the
 * same columns and dimensions, every row's hour replaced by the first hour of its local day in the campaign's
 * time zone (shared/time/local-days.ts, the days the dashboard's bins and the report use), and the rows of one
 * (day, region, source, distance) summed. The dashboard paints from it first, since it has about a third of the
 * hourly cube's rows on the demo (229,086 against 695,118), and swaps in the hourly cube right after.
 *
 * Rows are ordered by day, then region, source and distance, whatever the hourly cube's order: the file depends
 * only on the cube's content, so a full and an incremental build publish the same bytes.
 */
import { binStarts } from '../time/bins';
import { localDaysOf } from '../time/local-days';
import { HOURS_PER_DAY } from '../time/units';
import { REGISTRATION_COLUMNS, STAGES, type ColumnTable } from './format';

/** Published file name of the roll-up. */
export const DAILY_CUBE_PATH = 'registrations-daily.tbc';

function maxOf(values: Int32Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}

/**
 * The hourly registrations table summed to the campaign's local days (columns: REGISTRATION_COLUMNS). `spent`:
 * arrays whose values do not matter, written over for the roll-up's own working columns where they hold the
 * table's rows (the pipeline passes its sort's spent arrays: the 1M demo's six working columns are ~17 MB, and
 * each page first written costs a fault of ~15 µs on its VM).
 */
export function dailyRollup(table: ColumnTable, timeZone: string, spent: ReadonlyArray<Int32Array | Uint32Array> = []): ColumnTable {
  const { hour, region, source, distance } = table.columns;
  const stages = STAGES.map((s) => table.columns[s]);
  const n = table.rows;
  const empty = (): ColumnTable => ({ rows: 0, columns: Object.fromEntries(REGISTRATION_COLUMNS.map((c) => [c, new Int32Array(0)])) });
  if (n === 0) return empty();
  let first = hour[0];
  let last = hour[0];
  for (let i = 1; i < n; i++) {
    if (hour[i] < first) first = hour[i];
    else if (hour[i] > last) last = hour[i];
  }
  // Each hour's local day start, as a table over the cube's span (the same one the dashboard's day bins read).
  const dayStartOf = binStarts(first, last - first + 1, HOURS_PER_DAY, localDaysOf(timeZone));
  // Day numbers 0… in order of their first hour, and each row's.
  const dayOfHour = new Int32Array(dayStartOf.length);
  const dayHours: number[] = [];
  for (let k = 0; k < dayStartOf.length; k++) {
    if (k === 0 || dayStartOf[k] !== dayStartOf[k - 1]) dayHours.push(dayStartOf[k]);
    dayOfHour[k] = dayHours.length - 1;
  }
  const nDays = dayHours.length;
  const nSource = maxOf(source) + 1;
  const nDistance = maxOf(distance) + 1;
  const nCells = (maxOf(region) + 1) * nSource * nDistance;
  // Rows grouped by day (a counting sort), each row's cell and stage counts moved into day order in one sequential
  // pass, so each day's cells are then summed reading in order. Gathering every column through a row index per day
  // read the columns at random twice: medians of 7 interleaved, 592 against 329 ms for the 10M demo's 3.2M rows and
  // 88 against 68 ms for the demo's 695k (same output, load 1.3).
  const dayStart = new Int32Array(nDays + 1);
  for (let i = 0; i < n; i++) dayStart[dayOfHour[hour[i] - first] + 1]++;
  for (let d = 0; d < nDays; d++) dayStart[d + 1] += dayStart[d];
  const fill = dayStart.slice(0, nDays);
  // Every value of these is written below before it is read.
  const roomy = spent.filter((a) => a.length >= n);
  const working = (): Int32Array => {
    const a = roomy.pop();
    return a ? new Int32Array(a.buffer, a.byteOffset, n) : new Int32Array(n);
  };
  const cellOf = working();
  const [s0, s1, s2, s3, s4] = stages.map(working);
  const [h0, h1, h2, h3, h4] = stages;
  for (let i = 0; i < n; i++) {
    const j = fill[dayOfHour[hour[i] - first]]++;
    cellOf[j] = (region[i] * nSource + source[i]) * nDistance + distance[i];
    s0[j] = h0[i];
    s1[j] = h1[i];
    s2[j] = h2[i];
    s3[j] = h3[i];
    s4[j] = h4[i];
  }
  // Pass 1: distinct cells per day, so every output column is allocated once at its exact size.
  const stamp = new Int32Array(nCells).fill(-1);
  let rows = 0;
  let widest = 0;
  for (let d = 0; d < nDays; d++) {
    let distinct = 0;
    for (let j = dayStart[d]; j < dayStart[d + 1]; j++) {
      const cell = cellOf[j];
      if (stamp[cell] !== d) {
        stamp[cell] = d;
        distinct++;
      }
    }
    rows += distinct;
    if (distinct > widest) widest = distinct;
  }
  const out = REGISTRATION_COLUMNS.map(() => new Int32Array(rows));
  const [outHour, outRegion, outSource, outDistance, o0, o1, o2, o3, o4] = out;
  // Pass 2: each day's cells summed (unrolled over the stages), then written in cell order.
  stamp.fill(-1);
  const touched = new Int32Array(widest);
  const sums = new Int32Array(nCells * 5);
  let at = 0;
  for (let d = 0; d < nDays; d++) {
    let k = 0;
    for (let j = dayStart[d]; j < dayStart[d + 1]; j++) {
      const cell = cellOf[j];
      const b = cell * 5;
      if (stamp[cell] !== d) {
        stamp[cell] = d;
        touched[k++] = cell;
        sums[b] = sums[b + 1] = sums[b + 2] = sums[b + 3] = sums[b + 4] = 0;
      }
      sums[b] += s0[j];
      sums[b + 1] += s1[j];
      sums[b + 2] += s2[j];
      sums[b + 3] += s3[j];
      sums[b + 4] += s4[j];
    }
    const cells = touched.subarray(0, k).sort();
    for (let c = 0; c < k; c++, at++) {
      const cell = cells[c];
      const b = cell * 5;
      outHour[at] = dayHours[d];
      outRegion[at] = Math.floor(cell / (nSource * nDistance));
      outSource[at] = Math.floor(cell / nDistance) % nSource;
      outDistance[at] = cell % nDistance;
      o0[at] = sums[b];
      o1[at] = sums[b + 1];
      o2[at] = sums[b + 2];
      o3[at] = sums[b + 3];
      o4[at] = sums[b + 4];
    }
  }
  return { rows, columns: Object.fromEntries(REGISTRATION_COLUMNS.map((c, j) => [c, out[j]])) };
}
