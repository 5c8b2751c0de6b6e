/**
 * DuckDB-WASM's WebAssembly module and worker script, bundled by Vite out of node_modules (nothing comes from a
 * CDN at run time). Importing this module loads neither file, only their URLs: the SQL page starts the worker
 * before the rest of its code, DuckDB-WASM's bindings and Arrow, has arrived.
 *
 * The module is not preloaded from the page's head: the worker's own request does not reuse a preload of the
 * page's (a fresh Chromium context fetched the 34 MB twice), and it waits for the bindings' instantiate message
 * in any case.
 *
 * Only the "eh" build (WebAssembly exception handling) is bundled: every browser the dashboard supports has had it
 * since 2022, and the "mvp" fallback would add 39 MB to every deployment for none of them.
 */
import moduleUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

// The worker fetches the module by URL, so it must not be relative to the worker's own address.
const absolute = (url: string) => new URL(url, document.baseURI).href;

export const duckDbModuleUrl = (): string => absolute(moduleUrl);

/** Starts the worker, which downloads and evaluates its script while the page's code is still loading. */
export const startDuckDbWorker = (): Worker => new Worker(absolute(workerUrl));
