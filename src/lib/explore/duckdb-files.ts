/**
 * DuckDB-WASM's WebAssembly module and worker script, bundled by Vite out of node_modules (nothing comes from a
 * CDN at run time). Importing this module loads neither file, only their URLs: the SQL page starts the worker and
 * preloads the module with them before its own code, DuckDB-WASM's bindings and Arrow, has arrived.
 *
 * Only the "eh" build (WebAssembly exception handling) is bundled: every browser the dashboard supports has had it
 * since 2022, and the "mvp" fallback would add 39 MB to every deployment for none of them.
 */
import moduleUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

/** The module's URL as the page's preload link names it: relative, so the site can be served from any sub-path. */
export const DUCKDB_MODULE_URL = moduleUrl;

// The worker fetches the module by URL, so it must not be relative to the worker's own address.
const absolute = (url: string) => new URL(url, document.baseURI).href;

export const duckDbModuleUrl = (): string => absolute(moduleUrl);

/** Starts the worker, which downloads and evaluates its script while the page's code is still loading. */
export const startDuckDbWorker = (): Worker => new Worker(absolute(workerUrl));
