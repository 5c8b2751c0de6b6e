/**
 * The delivery log summed by DuckDB (cube/deliveries-duckdb.ts) on a connection of its own, started while the
 * registrations are read (pipeline.ts starts it once DuckDB has scanned them): DuckDB's threads work on the log
 * while the build's one JavaScript thread resolves, places and sums the registrations, instead of each waiting
 * for the other. What the log adds to the cube and to rejects.csv is held until `handOver`, which adds it where a
 * build that read the log afterwards would: the cube and rejects.csv keep their bytes.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Rejection } from '../validate/validate.ts';
import type { RejectSink } from '../validate/rejects-file.ts';
import type { CubeAggregator } from './aggregate.ts';
import type { DeliveryJob } from './deliveries.ts';
import { sumDeliveriesInDuckDb, type DeliveryTotals } from './deliveries-duckdb.ts';
import type { ReadDb } from './read-db.ts';

export interface DeliveriesBeside {
  /** Starts the log's SQL, if not yet started. */
  start(): void;
  /**
   * Waits for the log's SQL (starting it if need be), then adds its cells to `cube` and its rejected rows to
   * `rejects`; returns its totals (or why DuckDB's reader refused the file) and the milliseconds it took.
   */
  handOver(cube: Pick<CubeAggregator, 'addDelivery'>, rejects: RejectSink): Promise<{ result: DeliveryTotals | { refused: string }; ms: number }>;
  /** Interrupts the log's SQL, if started (the build failed elsewhere), and waits until its connection is closed. */
  cancel(): Promise<void>;
}

/**
 * `conn` whose methods throw once `cancelled()`: an interrupt stops only the statement running, and a statement
 * started after it runs in full (DuckDB clears the flag when a statement begins).
 */
function refusingAfterCancel(conn: DuckDBConnection, cancelled: () => boolean): DuckDBConnection {
  return new Proxy(conn, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        if (cancelled()) throw new Error('the build stopped: the delivery log is no longer read');
        return Reflect.apply(value, target, args);
      };
    }
  });
}

export function sumDeliveriesBeside(db: ReadDb, job: DeliveryJob): DeliveriesBeside {
  let ms = 0;
  // (hour, channel, gateway, status, count) per cell, flat, in a typed array: a log's few hundred thousand cells
  // in a growing JavaScript array were copied by every scavenge while this thread placed the registrations.
  let cells = new Int32Array(5 << 16);
  let size = 0;
  const add = (h: number, c: number, g: number, s: number, n = 1): void => {
    if (size + 5 > cells.length) {
      const grown = new Int32Array(cells.length * 2);
      grown.set(cells);
      cells = grown;
    }
    cells[size++] = h;
    cells[size++] = c;
    cells[size++] = g;
    cells[size++] = s;
    cells[size++] = n;
  };
  const rejected: Rejection[] = [];
  let conn: DuckDBConnection | null = null;
  let cancelled = false;
  let summed: Promise<DeliveryTotals | { refused: string }> | null = null;
  const run = async (): Promise<DeliveryTotals | { refused: string }> => {
    const t0 = performance.now();
    conn = await db.connect();
    try {
      return await sumDeliveriesInDuckDb(refusingAfterCancel(conn, () => cancelled), db.dir, job, { addDelivery: add }, { add: (r: Rejection) => void rejected.push(r) });
    } finally {
      conn.closeSync();
      conn = null;
      ms = performance.now() - t0;
    }
  };
  const start = (): Promise<DeliveryTotals | { refused: string }> => {
    if (!summed) {
      summed = run();
      // Awaited by handOver or cancel; until then a failure must not count as unhandled.
      summed.catch(() => undefined);
    }
    return summed;
  };
  return {
    start,
    async handOver(cube, rejects) {
      const result = await start();
      for (const r of rejected) rejects.add(r);
      for (let i = 0; i < size; i += 5) cube.addDelivery(cells[i], cells[i + 1], cells[i + 2], cells[i + 3], cells[i + 4]);
      return { result, ms };
    },
    async cancel() {
      cancelled = true;
      conn?.interrupt();
      await summed?.catch(() => undefined);
    }
  };
}
