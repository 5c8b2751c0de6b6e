/**
 * The DuckDB database the registrations are read in (cube/registrations-duckdb.ts): in memory, spilling to a
 * private folder in the work folder past its memory limit; the folder also holds transcoded copies of exports in
 * other encodings. Both go when it is closed.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface ReadDb {
  conn: DuckDBConnection;
  dir: string;
  /** Another connection to the same database, for SQL that runs beside `conn`'s; its user closes it. */
  connect(): Promise<DuckDBConnection>;
  /**
   * Closes the database and removes its folder; a second call does nothing (a build without a state closes it
   * before it publishes, and again on its way out).
   */
  close(): void;
}

const MB = 1 << 20;
const FLOOR = 512 * MB;

/**
 * DuckDB's memory limit when the build names none: three times the largest file it reads, at least 512 MB and at
 * most 40 % of the machine's memory. A file's scan tables take up to about 2.5× its bytes; past the limit DuckDB
 * spills them to disk. The 10M demo (a 1.7 GB registrations file), repeat builds: 127–128 s at 512 MB against
 * 105–107 s with this limit (load 3.7–5.6); with the scan in one table, 72.6 against 58.4 s (load 1.6–2.1), for
 * 4.3 GB peak RSS instead of 1.5. Up to 170 MB of CSV it stays 512 MB.
 */
export function defaultMemoryLimit(largestFileBytes: number, machineBytes = totalmem()): string {
  const bytes = Math.min(Math.max(3 * largestFileBytes, FLOOR), Math.max(FLOOR, 0.4 * machineBytes));
  return `${Math.floor(bytes / MB)}MB`;
}

/** The largest of the files that exist among `paths` (0 for none). */
export function largestFileBytes(paths: readonly string[]): number {
  return Math.max(0, ...paths.map((p) => statSync(p, { throwIfNoEntry: false })?.size ?? 0));
}

export async function openReadDb(workDir: string, memoryLimit: string): Promise<ReadDb> {
  const dir = join(workDir, `duckdb-read-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: memoryLimit, threads: '2', temp_directory: join(dir, 'tmp'), preserve_insertion_order: 'true' });
  const conn = await instance.connect();
  return {
    conn,
    dir,
    connect: () => instance.connect(),
    close(): void {
      conn.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
