/**
 * DuckDB-WASM's worker started by a script in the SQL page's head, before the app's code has arrived: the worker
 * requests and compiles the 34 MB module at once (duckdb-boot.worker.ts), so that work runs while the page
 * hydrates and its DuckDB-WASM bindings download. A page reached by the app's own navigation runs no head script
 * and starts the worker when it mounts.
 */
import { duckDbFiles, startDuckDbWorker } from './duckdb-files';

/** Where the head's script leaves the worker for the app. */
const GLOBAL_KEY = '__tallyboardDuckDbWorker';

/**
 * The `<script>` element for the SQL page's head; `root` is the site's root relative to the page being
 * prerendered ($app/paths' `assets`), as the head's addresses must be relative for the site to work from any path.
 */
export const earlyWorkerScript = (root: string): string =>
  `<script>globalThis[${JSON.stringify(GLOBAL_KEY)}] = (${startDuckDbWorker.toString()})(${JSON.stringify(duckDbFiles(root))})</script>`;

/** The worker the head's script started, taken once; a new one when there is none. */
export function takeDuckDbWorker(): Worker {
  const holder = globalThis as unknown as Record<string, unknown>;
  const early = holder[GLOBAL_KEY];
  delete holder[GLOBAL_KEY];
  return early instanceof Worker ? early : startDuckDbWorker(duckDbFiles());
}
