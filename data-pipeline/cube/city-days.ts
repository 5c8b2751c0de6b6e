/**
 * Per-city daily counts for cities.arrow, summed during the registrations' one pass beside the cube. Keyed by
 * (city index, local day) in the campaign's time zone, so the city table's days are the dashboard's days; only
 * resolved rows count (the table lists gazetteer cities, never a raw spelling).
 */
import { STAGES } from '../../shared/cube/format.ts';
import { hourOfMs } from '../../shared/time/hours.ts';
import { localDaysOf, type LocalDays } from '../../shared/time/local-days.ts';
import type { Accepted } from '../validate/validate.ts';
import { CellTable, type SavedCells } from './cells.ts';
import { permutedColumns, sortedRows } from './row-order.ts';

/** Cells by city, then day: row i is city cityIndex[i] on day day[i], with sums[stage][i] (STAGES order). */
export interface CityDayColumns {
  n: number;
  cityIndex: Int32Array;
  day: Int32Array;
  sums: Int32Array[];
}

export class CityDays {
  /** Keyed (city index, local day), one sum per stage: typed arrays, no Map entry per cell (~4× faster to add to). */
  private cells = new CellTable(STAGES.length, 1 << 16);
  /** Whether a later build takes these cells over (kept-sums.ts): `sortedColumns` then leaves them as they are. */
  private kept = false;
  private readonly days: LocalDays;
  // Rows come in long runs within one hour: the day is looked up once per run.
  private lastHour = NaN;
  private lastDay = 0;

  constructor(timeZone: string) {
    this.days = localDaysOf(timeZone);
  }

  /** This table (nothing added yet) takes over `other`'s cells and adds to them from here on. */
  takeOver(other: CityDays): void {
    this.cells = other.cells;
  }

  /** Keeps the cells through `sortedColumns`, for a later build to take over. */
  keepForNextBuild(): void {
    this.kept = true;
  }

  /** The cells summed so far, as columns (state/kept-sums.ts). */
  savedCells(): SavedCells {
    return this.cells.columns();
  }

  /** This table (nothing added yet) starts from `cells` (CellTable.fromColumns of `savedCells`'). */
  restoreCells(cells: CellTable): void {
    this.cells = cells;
  }

  add(cityIndex: number, a: Accepted): void {
    if (cityIndex < 0) return;
    this.addRows(cityIndex, hourOfMs(a.createdMs), a.phoneMs === a.phoneMs, a.emailMs === a.emailMs, a.questionnaireMs === a.questionnaireMs, 1);
  }

  /** `rows` registrations from city `cityIndex` (-1: not counted) made in `hour`, with the stages they reached. */
  addRows(cityIndex: number, hour: number, phone: boolean, email: boolean, questionnaire: boolean, rows: number): void {
    if (cityIndex < 0) return;
    if (hour !== this.lastHour) {
      this.lastHour = hour;
      this.lastDay = this.days.dayOfHour(hour);
    }
    const c = this.cells.cell(cityIndex, this.lastDay);
    const sums = this.cells.sums;
    sums[0][c] += rows;
    if (phone) sums[1][c] += rows;
    if (email) sums[2][c] += rows;
    if (questionnaire) sums[3][c] += rows;
    if (phone && questionnaire) sums[4][c] += rows;
  }

  /** The local day of an hour. */
  dayOfHour(hour: number): number {
    return this.days.dayOfHour(hour);
  }

  /** Cells summed elsewhere (cube/fact-groups.ts, in SQL): (cities[i], days[i]), no two the same, with sums[k][i] (STAGES order), each times `sign`. */
  addDays(cities: Int32Array, days: Int32Array, sums: readonly Int32Array[], sign: 1 | -1): void {
    this.cells.addRows(cities, days, sums, sign, true);
  }

  /**
   * Every (city, day) met, by city then day, as columns of the caller's to write over — a day whose rows were all
   * taken out since the sums were kept (state/sum-facts.ts) among them, at zero: the city table's small-cell rule
   * publishes nothing for it. Sorted by the radix sort of cube/row-order.ts (a comparator sort that made an object
   * per cell took ~0.7 s for the 1M demo's cells on this machine). Cells no later build takes over are sorted in
   * place and let go (this table is empty after): seven columns of fresh pages fewer, at ~12 µs a page here.
   */
  sortedColumns(): CityDayColumns {
    const t = this.cells;
    const n = t.size;
    const inPlace = !this.kept;
    const { order, keys } = sortedRows([t.cellA, t.cellB], n, inPlace);
    const [cityIndex, day] = keys;
    const sums = permutedColumns(t.sums, order, inPlace);
    if (inPlace) this.cells = new CellTable(STAGES.length, 1);
    return { n, cityIndex, day, sums };
  }
}
