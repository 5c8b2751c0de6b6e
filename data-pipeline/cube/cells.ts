/**
 * CellTable: sums per cube cell in typed arrays, for pre-aggregating rows in JS (cube/aggregate.ts on the main
 * thread, the deliveries reader's per-batch combiner on its worker). No imports: the worker loads it without DuckDB.
 */

/** Whether each column starts a buffer of at least `bytes` that no other column shares: a table can take them over. */
function ownBuffers(columns: readonly Int32Array[], bytes: number): boolean {
  return columns.every((c) => c.byteOffset === 0 && c.buffer.byteLength >= bytes) && new Set(columns.map((c) => c.buffer)).size === columns.length;
}

/** A CellTable's cells as columns (CellTable.columns). */
export interface SavedCells {
  cellA: Int32Array;
  cellB: Int32Array;
  sums: Int32Array[];
}

/**
 * Sums per cell: an open-addressing hash table keyed by two int32s (`a`, `b`), with `width` int32 sums per cell,
 * all in typed arrays (no per-cell objects, nothing for the GC to trace). A slot holds only its cell's index + 1
 * (0 = empty; the keys are read from the cell columns): 4 bytes per slot at load ≤ 0.7, plus 4 × (2 + width)
 * bytes per cell — ~60 MB for the 2.8M cells of the 10M-row demo.
 */
export class CellTable {
  private slots: Int32Array;
  private mask: number;
  /** Cell key columns and sums, in insertion order (capacity ≥ size). */
  cellA: Int32Array;
  cellB: Int32Array;
  sums: Int32Array[];
  size = 0;

  constructor(
    readonly width: number,
    capacity = 1 << 14
  ) {
    let cap = 1 << 4;
    while (cap * 0.7 < capacity) cap <<= 1;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    this.cellA = new Int32Array(capacity);
    this.cellB = new Int32Array(capacity);
    this.sums = Array.from({ length: width }, () => new Int32Array(capacity));
  }

  /** The cells' keys and sums, `size` values each (views, not copies). */
  columns(): SavedCells {
    return { cellA: this.cellA.subarray(0, this.size), cellB: this.cellB.subarray(0, this.size), sums: this.sums.map((s) => s.subarray(0, this.size)) };
  }

  /**
   * A table of `saved`'s cells (as `columns` gave them, so no two alike), in the same order, placed as `addRows`
   * places distinct rows. Columns that each start a buffer of their own (columns-file.ts reads them so) become the
   * table's own, the rest of the buffers (up to the smallest's size) its room for new cells; others are copied. Probing
   * each cell into a copy of exactly their number, which the first new cell then grew, took 0.37 s of a `build`
   * process adding 10,000 rows to the 1M demo's kept sums (CPU profile).
   */
  static fromColumns(width: number, saved: SavedCells): CellTable {
    const t = new CellTable(width);
    const all = [saved.cellA, saved.cellB, ...saved.sums];
    const bytes = Math.min(...all.map((c) => c.buffer.byteLength));
    if (!ownBuffers(all, bytes)) {
      t.addRows(saved.cellA, saved.cellB, saved.sums, 1, true);
      return t;
    }
    const whole = (c: Int32Array): Int32Array => new Int32Array(c.buffer, 0, bytes >> 2);
    t.cellA = whole(saved.cellA);
    t.cellB = whole(saved.cellB);
    t.sums = saved.sums.map(whole);
    t.place(saved.cellA.length);
    return t;
  }

  /**
   * Empties the table, handing over its slot array (longer than the table had cells) to a caller that goes on
   * reading the cells from the columns it took before, to write over instead of taking fresh memory.
   */
  takeSlots(): Int32Array {
    const slots = this.slots;
    const empty = new CellTable(this.width, 1);
    this.slots = empty.slots;
    this.mask = empty.mask;
    this.cellA = empty.cellA;
    this.cellB = empty.cellB;
    this.sums = empty.sums;
    this.size = 0;
    return slots;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength + this.cellA.length * 4 * (2 + this.width);
  }

  private static home(a: number, b: number, mask: number): number {
    const h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ (b >>> 15), 0x85ebca6b)) >>> 0;
    return (h ^ (h >>> 16)) & mask;
  }

  /** Index of the cell (a, b), created with zero sums when new. May replace `sums`: index them after the call. */
  cell(a: number, b: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const cellA = this.cellA;
    const cellB = this.cellB;
    let i = CellTable.home(a, b, mask);
    for (;;) {
      const s = slots[i];
      if (s === 0) break;
      if (cellA[s - 1] === a && cellB[s - 1] === b) return s - 1;
      i = (i + 1) & mask;
    }
    const c = this.size++;
    slots[i] = c + 1;
    if (c >= this.cellA.length) this.growCells();
    this.cellA[c] = a;
    this.cellB[c] = b;
    if (this.size > (this.mask + 1) * 0.7) this.rehash();
    return c;
  }

  /**
   * Adds `sums` (width columns) times `sign`, row i to cell (a[i], b[i]). `distinct`: no two rows name the same
   * cell — then an empty table takes the columns as they come and only places their slots, instead of probing
   * for each row: probing took 3.9 s of the 10M demo's 4.2M rows (cache misses on tables of tens of megabytes).
   * Such a table may keep the columns' buffers: the caller no longer writes to them.
   */
  addRows(a: Int32Array, b: Int32Array, sums: readonly Int32Array[], sign: 1 | -1, distinct = false): void {
    if (distinct && sign === 1 && this.size === 0) {
      const n = a.length;
      let copy = true;
      if (n > this.cellA.length) {
        // Room for half as many again: another source's new cells then take it instead of a copy of every column
        // (1.9 → 0.31 µs a new cell after the 1M demo's 695k, 1.06 → 0.17 µs after the 10M demo's 3.2M). Pages never
        // written are never touched. Columns read with that room (readIntColumns' `room`) are taken over as they
        // are: the 1M demo's cube cells and city days are then written once, not twice.
        const capacity = n + (n >> 1);
        copy = !ownBuffers([a, b, ...sums], capacity * 4);
        const whole = (c: Int32Array): Int32Array => (copy ? new Int32Array(capacity) : new Int32Array(c.buffer, 0, capacity));
        this.cellA = whole(a);
        this.cellB = whole(b);
        this.sums = sums.map(whole);
      }
      if (copy) {
        this.cellA.set(a);
        this.cellB.set(b);
        for (let k = 0; k < this.width; k++) this.sums[k].set(sums[k]);
      }
      this.place(n);
      return;
    }
    for (let i = 0; i < a.length; i++) {
      const c = this.cell(a[i], b[i]);
      // After `cell`: it may have grown the columns.
      const to = this.sums;
      for (let k = 0; k < to.length; k++) to[k][c] += sign * sums[k][i];
    }
  }

  private growCells(): void {
    const n = Math.max(16, Math.ceil(this.cellA.length * 1.5));
    const grow = (x: Int32Array): Int32Array => {
      const y = new Int32Array(n);
      y.set(x);
      return y;
    };
    this.cellA = grow(this.cellA);
    this.cellB = grow(this.cellB);
    this.sums = this.sums.map(grow);
  }

  /** The first `n` cells of the columns, all distinct, are the table's: their slots placed. */
  private place(n: number): void {
    this.size = n;
    let cap = this.mask + 1;
    while (cap * 0.7 < n) cap <<= 1;
    this.placeSlots(cap);
  }

  private rehash(): void {
    this.placeSlots((this.mask + 1) * 2);
  }

  /** New slots, `cap` of them (a power of two), for the cells there are. */
  private placeSlots(cap: number): void {
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    for (let c = 0; c < this.size; c++) {
      let i = CellTable.home(this.cellA[c], this.cellB[c], mask);
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = c + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
