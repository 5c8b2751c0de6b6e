/**
 * DuckDB-WASM's WebAssembly module and worker, bundled by Vite out of node_modules (nothing comes from a CDN at
 * run time). Importing this module loads neither file, only their URLs.
 *
 * The worker runs duckdb-boot.worker.ts, which requests and compiles the module as soon as it starts, then runs
 * DuckDB-WASM's own worker script; both addresses reach it in its URL's fragment, so the boot script has no
 * imports of its own (bundled by Vite, it got a second copy of the 34 MB module). A preload link in the page's
 * head would not do the same: the worker's request does not reuse a preload of the page's (a fresh Chromium
 * context fetched the 34 MB twice).
 *
 * Only the "eh" build (WebAssembly exception handling) is bundled: every browser the dashboard supports has had it
 * since 2022, and the "mvp" fallback would add 39 MB to every deployment for none of them.
 */
import moduleUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
// Both written at build time by data-pipeline/site/duckdb-worker-scripts.ts: the boot script compiled from
// duckdb-boot.worker.ts, and DuckDB-WASM's script with fewer Emscripten symbol entries made at start-up.
// no-inline: a worker cannot start from the data: URL Vite would make of a file this small.
import bootUrl from '../../../.site-generated/duckdb-boot.worker.js?url&no-inline';
import scriptUrl from '../../../.site-generated/duckdb-browser-eh.worker.js?url';

/** The worker's files, as addresses relative to the page or absolute. */
export interface DuckDbFiles {
  boot: string;
  module: string;
  script: string;
}

/** The files' addresses as Vite gives them; `root` goes before each (the site's root during prerendering). */
export const duckDbFiles = (root = ''): DuckDbFiles => ({ boot: root + bootUrl, module: root + moduleUrl, script: root + scriptUrl });

// The worker fetches the module by URL, so it must not be relative to the worker's own address.
export const duckDbModuleUrl = (): string => new URL(moduleUrl, document.baseURI).href;

/**
 * Starts the worker, which starts downloading and compiling the module at once. Also runs in the page's head as
 * a script of its own (early-worker.ts copies its source there): it may use no imported or outer name.
 */
export function startDuckDbWorker(files: DuckDbFiles): Worker {
  const href = (url: string) => new URL(url, document.baseURI).href;
  return new Worker(`${href(files.boot)}#${new URLSearchParams({ module: href(files.module), script: href(files.script) })}`);
}
