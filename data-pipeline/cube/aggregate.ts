/**
 * Aggregation: accepted registrations (hour, region, source, distance and whether each stage was reached) and
 * delivery counts are summed **in JS, as they arrive**, into an open-addressing hash table keyed by the cube's
 * dimensions (CellTable below); finish() sorts the finished cells into the cube's row order (cube/row-order.ts).
 *
 * Why pre-aggregate instead of appending one row per registration: the cube has far fewer cells than the input
 * has rows (1M registrations → ~0.68M cells, and the cell count is bounded by hours × regions × sources ×
 * distances, not by the row count), so the table's memory is bounded by the cube's size whatever the input size —
 * 10M rows no longer mean a 10M-row DuckDB table held in its buffer pool (up to memory_limit) and spilled to disk —
 * and each row costs one hash probe and a few integer increments instead of a column write plus DuckDB's own
 * hash-aggregate later. The result is identical: every stage is counted at the registration hour (cohort
 * semantics) and `future` = phone confirmed and questionnaire done.
 */
import type { ColumnTable } from '../../shared/cube/format.ts';
import { CellTable, type SavedCells } from './cells.ts';
import { mergedRowOrder, permutedAlong, permutedColumns, ROW_GONE, ROW_MOVED, ROW_STAYED, sortedRows, type MergedOrder } from './row-order.ts';

export { CellTable };

/**
 * Registrations pack region·2^20 + source·16 + distance into a cell's second key: sources < 2^16 (the source
 * dictionary stops at 256), distance codes < 16 (shared/cube/distance-codes.ts has 10).
 */
const SOURCE_BITS = 16;
const DISTANCE_BITS = 4;

/**
 * A registration cell's second key in SQL, from integer expressions of its region, source and distance: the key
 * addRegistrations packs (made by DuckDB, the cells' columns are read two fewer and not packed here).
 */
export function registrationKeySql(region: string, source: string, distance: string): string {
  return `((${region}) * ${2 ** (SOURCE_BITS + DISTANCE_BITS)} + (${source}) * ${2 ** DISTANCE_BITS} + (${distance}))::INTEGER`;
}

/** Stage hour of a stage never reached. */
export const NO_HOUR = -1;

/**
 * Row order of the registrations cube. 'measures' (default): by the stage counts, then source, distance, region,
 * hour — the 0/1 stage columns become long runs and the hour deltas stay small; on the 1M bench this gzips to
 * ~0.90 MB against 1.18 MB for 'dims' (region, source, distance, hour) and 1.43 MB for 'hour' first, and gzip
 * runs ~10× faster on it. Readers must not assume any order.
 */
export type SortOrder = 'measures' | 'dims' | 'hour';

export interface CubeOptions {
  /** Row order of the registrations cube (see SortOrder). */
  order?: SortOrder;
}

/** The registrations cube's row order at a `finish`, each cell's sums then (STAGES order, indexed by cell), and the table. */
interface SortedCells {
  order: Uint32Array;
  sums: Int32Array[];
  table: ColumnTable;
}

export class CubeAggregator {
  /** Registrations: key (hour, region·2^20 + source·4 + distance); sums registered, phone, email, questionnaire, future. */
  private regs = new CellTable(5, 1 << 18);
  /** Deliveries: key (hour, channel·2^29 + gateway·2^8 + status); sum count. */
  private dels = new CellTable(1, 1 << 14);
  /** Registrations added (rows, not cells). */
  private regRows = 0;
  /** Whether a later build takes these registrations over (kept-sums.ts): `finish` then keeps them, and their order. */
  private kept = false;
  /** The registrations' order at the last `finish` (taken over with them): a later one re-places the changed cells only. */
  private sorted: SortedCells | null = null;
  private readonly order: SortOrder;

  constructor(options: CubeOptions = {}) {
    this.order = options.order ?? 'measures';
  }

  /** Stage hours: NO_HOUR (or any negative) when the stage was not reached. */
  addRegistration(hour: number, region: number, source: number, distance: number, phone: number, email: number, questionnaire: number): void {
    this.addRegistrations(hour, region, source, distance, phone >= 0, email >= 0, questionnaire >= 0, 1);
  }

  /** `rows` registrations with these dimensions, each having reached the stages flagged. */
  addRegistrations(hour: number, region: number, source: number, distance: number, phone: boolean, email: boolean, questionnaire: boolean, rows: number): void {
    const t = this.regs;
    const c = t.cell(hour, (((region << SOURCE_BITS) | source) << DISTANCE_BITS) | distance);
    const s = t.sums;
    s[0][c] += rows;
    if (phone) {
      s[1][c] += rows;
      if (questionnaire) s[4][c] += rows;
    }
    if (email) s[2][c] += rows;
    if (questionnaire) s[3][c] += rows;
    this.regRows += rows;
  }

  /**
   * Cells summed elsewhere (cube/fact-groups.ts, in SQL): cell i is (hours[i], keys[i]), the key as
   * registrationKeySql makes it from the region, source and distance, no two the same, with sums[k][i] registered,
   * phone, email, questionnaire, future, each times `sign`. Returns the registrations they count. The table may
   * keep the columns (CellTable.addRows).
   */
  addCells(hours: Int32Array, keys: Int32Array, sums: readonly Int32Array[], sign: 1 | -1): number {
    let rows = 0;
    const registered = sums[0];
    for (let i = 0; i < registered.length; i++) rows += registered[i];
    this.regs.addRows(hours, keys, sums, sign, true);
    this.regRows += sign * rows;
    return rows;
  }

  /** Keeps the registrations through `finish`, with their row order and sums, for a later build to take over. */
  keepForNextBuild(): void {
    this.kept = true;
  }

  /**
   * This cube (nothing added yet) takes over the registrations `other` summed, and the row order its `finish`
   * found for them, and adds to them from here on (a long-lived process keeps sums between builds).
   */
  takeOverRegistrations(other: CubeAggregator): void {
    this.regs = other.regs;
    this.regRows = other.regRows;
    this.sorted = this.order === other.order ? other.sorted : null;
  }

  /** The registrations summed so far, as columns (state/kept-sums.ts keeps them in the state). */
  savedRegistrations(): { rows: number; cells: SavedCells } {
    return { rows: this.regRows, cells: this.regs.columns() };
  }

  /** This cube (nothing added yet) starts from `rows` registrations in `cells` (CellTable.fromColumns of `savedRegistrations`'). */
  restoreRegistrations(rows: number, cells: CellTable): void {
    this.regs = cells;
    this.regRows = rows;
  }

  /** `count` messages (default 1) with these dimensions; rows may repeat, they are summed. */
  addDelivery(hour: number, channel: number, gateway: number, status: number, count = 1): void {
    const t = this.dels;
    // channel < 2^3, gateway < 2^21, status < 2^8 (indexes of small dictionaries: 1,000 gateways at most).
    const c = t.cell(hour, (((channel << 21) | gateway) << 8) | status);
    t.sums[0][c] += count;
  }

  get registrationRows(): number {
    return this.regRows;
  }

  /** Registration cells so far (the cube's rows). */
  get registrationCells(): number {
    return this.regs.size;
  }

  /** Bytes held by the JS-side cell tables. */
  get cellBytes(): number {
    return this.regs.bytes + this.dels.bytes;
  }

  /**
   * The summed cells in the cube's row order. The cells are unique per dimension tuple and every order key ends
   * with all the dimensions, so the order is total: the rows (and the published bytes) do not depend on how the
   * cells were summed. Sorted here in typed arrays rather than by DuckDB: a radix sort of the cells takes tens
   * of milliseconds, loading them into DuckDB and reading them back took most of a second (1M demo).
   * `spent`: arrays of at least as many values as the registrations cube has rows that nothing reads any more (the
   * sort's, and the row order when nothing is kept), for the export to write over (shared/cube/day-rollup.ts).
   */
  async finish(): Promise<{ registrations: ColumnTable; deliveries: ColumnTable; spent: Uint32Array[] }> {
    const r = this.regs;
    const { size: n, cellA: hour, cellB: keys, sums } = r;
    // A build that keeps nothing and sorts afresh lets the cells go (below): the distances are unpacked over the
    // packed keys themselves (each read before it is written) and the regions into the table's slots, instead of
    // two columns of fresh pages.
    const letGo = !this.kept && !this.sorted;
    const distance = letGo ? keys.subarray(0, n) : new Int32Array(n);
    const region = letGo ? r.takeSlots().subarray(0, n) : new Int32Array(n);
    const source = new Int32Array(n);
    for (let c = 0; c < n; c++) {
      const b = keys[c];
      region[c] = b >>> (SOURCE_BITS + DISTANCE_BITS);
      source[c] = (b >>> DISTANCE_BITS) & ((1 << SOURCE_BITS) - 1);
      distance[c] = b & ((1 << DISTANCE_BITS) - 1);
    }
    const [registered, phone, email, questionnaire, future] = sums;
    const regColumns = { hour, region, source, distance, registered, phone, email, questionnaire, future };
    const regOrder = {
      measures: [registered, phone, email, questionnaire, future, source, distance, region, hour],
      dims: [region, source, distance, hour],
      hour: [hour, region, source, distance]
    }[this.order];
    let order: Uint32Array;
    let registrations: ColumnTable;
    let spent: Uint32Array[] = [];
    if (this.sorted) {
      const merged = this.reorderedRegistrations(regOrder);
      const previous = this.sorted.table.columns;
      order = merged.order;
      registrations = { rows: order.length, columns: Object.fromEntries(Object.entries(regColumns).map(([name, values]) => [name, permutedAlong(values, previous[name], merged)])) };
    } else {
      // A build that keeps nothing lets the cells go (below): they are sorted in place.
      ({ order, table: registrations, spent } = withRegistrations(sortedTable(regColumns, regOrder, n, !this.kept)));
    }
    // Kept for the next build, or let go: a build that keeps nothing holds no second copy through the export, and
    // its row order is spent too.
    if (this.kept) this.sorted = { order, sums: sums.map((s) => s.slice(0, n)), table: registrations };
    else {
      this.regs = new CellTable(5, 1);
      spent.push(order);
    }

    const d = this.dels;
    const channel = new Int32Array(d.size);
    const gateway = new Int32Array(d.size);
    const status = new Int32Array(d.size);
    for (let c = 0; c < d.size; c++) {
      const b = d.cellB[c];
      channel[c] = b >>> 29;
      gateway[c] = (b >>> 8) & ((1 << 21) - 1);
      status[c] = b & 255;
    }
    const delColumns = { hour: d.cellA, channel, gateway, status, count: d.sums[0] };
    const deliveries = sortedTable(delColumns, [channel, gateway, status, d.cellA], d.size).table;
    this.dels = new CellTable(1, 1);
    return { registrations, deliveries, spent };
  }

  /**
   * The registrations' order from the last `finish`'s: a cell's dimensions never change, so only cells whose sums
   * did, and new cells, are placed again (a cell whose sums are not among the order's keys lands where it was, but
   * its sums are read afresh, not copied from the last table). A cell whose registrations were all taken out
   * since is left out, as a full build never makes it.
   */
  private reorderedRegistrations(keys: readonly Int32Array[]): MergedOrder {
    const r = this.regs;
    const { sums } = this.sorted!;
    const moved = new Uint8Array(r.size).fill(ROW_MOVED);
    const before = sums[0].length;
    for (let c = 0; c < r.size; c++) {
      if (r.sums[0][c] === 0) {
        moved[c] = ROW_GONE;
        continue;
      }
      let same = c < before;
      for (let k = 0; k < sums.length && same; k++) same = sums[k][c] === r.sums[k][c];
      if (same) moved[c] = ROW_STAYED;
    }
    return mergedRowOrder(keys, r.size, this.sorted!.order, moved);
  }
}

/**
 * A sorted table (sortedTable) without the cells that count no registration: those whose rows were all taken out
 * after the sums were kept (state/sum-facts.ts), which a full build never makes.
 */
function withRegistrations(sorted: SortedTable): SortedTable {
  const registered = sorted.table.columns.registered;
  let n = 0;
  for (let i = 0; i < registered.length; i++) if (registered[i] !== 0) n++;
  if (n === registered.length) return sorted;
  const kept = <T extends Int32Array | Uint32Array>(values: T, out: T): T => {
    for (let i = 0, j = 0; i < values.length; i++) if (registered[i] !== 0) out[j++] = values[i];
    return out;
  };
  const columns = Object.fromEntries(Object.entries(sorted.table.columns).map(([name, values]) => [name, kept(values, new Int32Array(n))]));
  return { order: kept(sorted.order, new Uint32Array(n)), table: { rows: n, columns }, spent: sorted.spent };
}

interface SortedTable {
  /** The cells' indexes in the table's row order. */
  order: Uint32Array;
  table: ColumnTable;
  /** The sort's arrays of n values that nothing reads any more (sortedRows). */
  spent: Uint32Array[];
}

/**
 * `columns` (cells: arrays of at least n values) as a table whose rows come in the order of `keys` (some of the
 * columns, the first most significant): the key columns come sorted out of the sort itself (`inPlace`: over their
 * own values, sortedRows), the others are gathered through the order.
 */
function sortedTable(columns: Record<string, Int32Array>, keys: Int32Array[], n: number, inPlace = false): SortedTable {
  const sorted = sortedRows(keys, n, inPlace);
  const names = Object.keys(columns);
  const others = names.filter((name) => !keys.includes(columns[name]));
  const gathered = permutedColumns(others.map((name) => columns[name]), sorted.order);
  const column = (name: string): Int32Array => {
    const k = keys.indexOf(columns[name]);
    return k >= 0 ? sorted.keys[k] : gathered[others.indexOf(name)];
  };
  return { order: sorted.order, table: { rows: n, columns: Object.fromEntries(names.map((name) => [name, column(name)])) }, spent: sorted.spent };
}
