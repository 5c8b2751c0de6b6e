/**
 * The DuckDB database the registrations are read in (cube/registrations-duckdb.ts): in memory, spilling to a
 * private folder in the work folder past its memory limit; the folder also holds transcoded copies of exports in
 * other encodings. Both go when it is closed.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface ReadDb {
  conn: DuckDBConnection;
  dir: string;
  close(): void;
}

export async function openReadDb(workDir: string, memoryLimit = '512MB'): Promise<ReadDb> {
  const dir = join(workDir, `duckdb-read-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: memoryLimit, threads: '2', temp_directory: join(dir, 'tmp'), preserve_insertion_order: 'true' });
  const conn = await instance.connect();
  return {
    conn,
    dir,
    close(): void {
      conn.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
