/**
 * Starts DuckDB-WASM from files Vite bundles out of node_modules: nothing comes from a CDN at run time, so the
 * page works offline and behind a strict Content-Security-Policy. Its importers load it by dynamic import only,
 * so the dashboard's own page never downloads it.
 *
 * Only the "eh" build (WebAssembly exception handling) is bundled: every browser the dashboard supports has had it
 * since 2022, and the "mvp" fallback would add 39 MB to every deployment for none of them.
 */
import { AsyncDuckDB, VoidLogger } from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

export interface StartProgress {
  /** Bytes of the WebAssembly module received, and its size when known. */
  loaded: number;
  total: number | null;
}

export async function startDuckDb(onProgress?: (progress: StartProgress) => void): Promise<AsyncDuckDB> {
  // The worker fetches the module by this URL, so it must not be relative to the worker's own address.
  const absolute = (url: string) => new URL(url, document.baseURI).href;
  const worker = new Worker(absolute(workerUrl));
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  await db.instantiate(absolute(wasmUrl), null, (p) => onProgress?.({ loaded: p.bytesLoaded, total: p.bytesTotal > 0 ? p.bytesTotal : null }));
  // Sums come back as BIGINT or HUGEINT: as doubles they are plain JS numbers, exact below 2^53.
  await db.open({ query: { castBigIntToDouble: true } });
  const conn = await db.connect();
  // Autoloading would fetch an extension from extensions.duckdb.org when a query names one: a clear error instead.
  await conn.query('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false');
  await conn.close();
  return db;
}
