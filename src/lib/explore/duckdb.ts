/**
 * Starts DuckDB-WASM from the bundled files (duckdb-files.ts): the page works offline and behind a strict
 * Content-Security-Policy. Its importers load it by dynamic import only, so the dashboard's own page never
 * downloads it.
 */
import { AsyncDuckDB, VoidLogger } from '@duckdb/duckdb-wasm';
import { duckDbModuleUrl } from './duckdb-files';
import { markStartup } from './startup-marks';

export interface StartProgress {
  /** Bytes of the WebAssembly module received, and its size when known. */
  loaded: number;
  total: number | null;
}

/** Opens a database in `worker` (from startDuckDbWorker), which this takes over. */
export async function startDuckDb(worker: Worker, onProgress?: (progress: StartProgress) => void): Promise<AsyncDuckDB> {
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  await db.instantiate(duckDbModuleUrl(), null, (p) => onProgress?.({ loaded: p.bytesLoaded, total: p.bytesTotal > 0 ? p.bytesTotal : null }));
  markStartup('instantiated');
  // Sums come back as BIGINT or HUGEINT: as doubles they are plain JS numbers, exact below 2^53.
  await db.open({ query: { castBigIntToDouble: true } });
  markStartup('opened');
  const conn = await db.connect();
  // Autoloading would fetch an extension from extensions.duckdb.org when a query names one: a clear error instead.
  await conn.query('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false');
  await conn.close();
  return db;
}
