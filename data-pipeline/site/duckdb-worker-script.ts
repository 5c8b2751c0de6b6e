/**
 * DuckDB-WASM's browser worker script as the site serves it: the published file with one change to Emscripten's
 * dynamic-linking start-up, written where the SQL page's code imports it from (a build-time file, not in git).
 *
 * DuckDB-WASM is built as an Emscripten main module (so that extensions can be loaded as side modules), and its
 * module exports 75,011 symbols (65,167 functions). Once instantiated, Emscripten's `updateGOT` gives every one
 * of them a Global Offset Table entry, a `WebAssembly.Global`, and every function a slot in the function table:
 * about a third of the ~1.3 s of JavaScript between instantiation and the database opening (Chromium's profiler,
 * load average 3). An entry is needed only by a module that imports it: the main module's own imports (268) were
 * created when it was instantiated, and a side module's are created when it is loaded and filled in then by
 * `reportUndefinedSymbols`, which looks the symbol up in the exports as before. So entries that exist are updated
 * as before and no others are made. (The site loads no side module in any case: autoloading is off and its
 * Content-Security-Policy lets a worker fetch nothing but its own origin.)
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';

/** Where the patched script is written, relative to the project's root (ignored by git). */
export const DUCKDB_WORKER_SCRIPT = '.site-generated/duckdb-browser-eh.worker.js';

const EAGER_GOT = 'GOT[r]||(GOT[r]=new WebAssembly.Global({value:"i32",mutable:!0})),(t||GOT[r].value==0)&&';
const EXISTING_GOT = 'GOT[r]&&(t||GOT[r].value==0)&&';

/** The script with Global Offset Table entries made on demand only; throws when the script is not the one this was written for. */
export function patchDuckDbWorker(source: string): string {
  const at = source.indexOf(EAGER_GOT);
  if (at < 0 || source.indexOf(EAGER_GOT, at + 1) >= 0) {
    throw new Error('DuckDB-WASM worker script: Emscripten updateGOT not found exactly once; data-pipeline/site/duckdb-worker-script.ts was written for @duckdb/duckdb-wasm 1.32');
  }
  return source.slice(0, at) + EXISTING_GOT + source.slice(at + EAGER_GOT.length);
}

/** Writes the patched script under `root`, atomically: parallel builds (tests, benches) write the same bytes. */
export function writeDuckDbWorkerScript(root: string): void {
  const require = createRequire(join(root, 'package.json'));
  const source = readFileSync(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'), 'utf8');
  const target = resolve(root, DUCKDB_WORKER_SCRIPT);
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, patchDuckDbWorker(source));
  renameSync(temporary, target);
}

/** Writes the script before anything imports it, in a build and in the dev server alike. */
export function duckDbWorkerScript(): Plugin {
  return {
    name: 'tallyboard:duckdb-worker-script',
    configResolved(config) {
      writeDuckDbWorkerScript(config.root);
    }
  };
}
