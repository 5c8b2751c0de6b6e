/**
 * The SQL page's two worker scripts, written at build time (and when the dev server starts) where
 * src/lib/explore/duckdb-files.ts imports them as plain files, so that both are classic scripts, served alike by
 * the build and the dev server (which serves a worker Vite bundles as an ES module, where importScripts is gone):
 * - src/lib/explore/duckdb-boot.worker.ts, compiled from TypeScript as it is (it has no imports);
 * - DuckDB-WASM's browser worker script as published, with one change to Emscripten's dynamic-linking start-up.
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
import { transformWithOxc, type Plugin } from 'vite';

/** Where the scripts are written, relative to the project's root (ignored by git). */
const GENERATED = '.site-generated';
const BOOT_SOURCE = 'src/lib/explore/duckdb-boot.worker.ts';

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

/** Writes `text` to `path` atomically: parallel builds (tests, benches) write the same bytes. */
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Writes both scripts under `root`/.site-generated. */
export async function writeDuckDbWorkerScripts(root: string): Promise<void> {
  const require = createRequire(join(root, 'package.json'));
  const published = readFileSync(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'), 'utf8');
  writeAtomically(resolve(root, GENERATED, 'duckdb-browser-eh.worker.js'), patchDuckDbWorker(published));
  const boot = await transformWithOxc(readFileSync(resolve(root, BOOT_SOURCE), 'utf8'), BOOT_SOURCE);
  writeAtomically(resolve(root, GENERATED, 'duckdb-boot.worker.js'), boot.code);
}

/** Writes the scripts before anything imports them. The dev server writes the boot script once: restart it after editing that. */
export function duckDbWorkerScripts(): Plugin {
  return {
    name: 'tallyboard:duckdb-worker-scripts',
    async configResolved(config) {
      await writeDuckDbWorkerScripts(config.root);
    }
  };
}
