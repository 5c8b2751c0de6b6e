/**
 * The SQL page's two worker scripts, written at build time (and when the dev server starts) where
 * src/lib/explore/duckdb-files.ts imports them as plain files, so that both are classic scripts, served alike by
 * the build and the dev server (which serves a worker Vite bundles as an ES module, where importScripts is gone):
 * - src/lib/explore/duckdb-boot.worker.ts, compiled from TypeScript as it is (it has no imports);
 * - DuckDB-WASM's browser worker script as published, with Emscripten's dynamic-linking start-up made cheaper.
 *
 * DuckDB-WASM is built as an Emscripten main module (so that extensions can be loaded as side modules), and its
 * module exports 75,011 symbols (65,167 functions); once it is instantiated, Emscripten's JavaScript walks them
 * several times, about 1.3 s between instantiation and the database opening (Chromium's profiler, load average
 * 3), on the way to every first answer. Three kinds of change (the four DUCKDB_WORKER_CHANGES), each checked to apply
 * exactly once:
 * - `updateGOT` gave every symbol a Global Offset Table entry, a `WebAssembly.Global`, and every function a slot
 *   in the function table: about a third of that time. An entry is needed only by a module that imports it: the
 *   main module's own imports (268) were created when it was instantiated, and a side module's are created when
 *   it is loaded and filled in then by `reportUndefinedSymbols`, which looks the symbol up in the exports as
 *   before. So entries that exist are updated as before and no others are made. (The site loads no side module
 *   in any case: autoloading is off and its Content-Security-Policy lets a worker fetch nothing but its own
 *   origin.)
 * - `mergeLibSymbols` and `registerDynCallSymbols` walked the exports as `Object.entries` pairs, with a closure
 *   per symbol in the first: the same walk over the same keys, in the same order, by `for…in` over the plain
 *   object of exports takes a third of the time (Node, the same 75,011 keys, unoptimised code as in a new worker).
 * - `applySignatureConversions` copied all 75,011 exports into a new object (`Object.assign`) to replace a dozen
 *   of them with wrappers that read their result as unsigned: 98 ms of the worker's thread on the way to the first
 *   answer (Chromium's sampling profiler in a trace, twenty-first session). An object whose prototype is the
 *   exports, with the wrappers as its own properties, reads the same for every name, leaves the exports as they
 *   were, as the copy did (the dynamic linker keeps them for side modules), and costs nothing per symbol. After it
 *   the script only reads the result by name and never walks its keys, which a test holds it to.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { transformWithOxc, type Plugin } from 'vite';

/** Where the scripts are written, relative to the project's root (ignored by git). */
const GENERATED = '.site-generated';
const BOOT_SOURCE = 'src/lib/explore/duckdb-boot.worker.ts';

/** Each change to DuckDB-WASM's worker script: the text as published and as served. */
export const DUCKDB_WORKER_CHANGES: ReadonlyArray<{ published: string; served: string }> = [
  {
    published: 'GOT[r]||(GOT[r]=new WebAssembly.Global({value:"i32",mutable:!0})),(t||GOT[r].value==0)&&',
    served: 'GOT[r]&&(t||GOT[r].value==0)&&'
  },
  {
    published: 'registerDynCallSymbols=e=>{for(var[t,r]of Object.entries(e))t.startsWith("dynCall_")&&!Module.hasOwnProperty(t)&&(Module[t]=r)}',
    served: 'registerDynCallSymbols=e=>{for(var t in e)t.startsWith("dynCall_")&&!Module.hasOwnProperty(t)&&(Module[t]=e[t])}'
  },
  {
    published: 'for(var[r,n]of Object.entries(e))(l=>{isSymbolDefined(l)||(wasmImports[l]=n)})(r)}',
    served: 'for(var r in e)isSymbolDefined(r)||(wasmImports[r]=e[r])}'
  },
  {
    published: 'function applySignatureConversions(e){e=Object.assign({},e);',
    served: 'function applySignatureConversions(e){e=Object.create(e);'
  }
];

/** The script as served; throws when it is not the one these changes were written for. */
export function patchDuckDbWorker(source: string): string {
  return DUCKDB_WORKER_CHANGES.reduce((text, { published, served }) => {
    const at = text.indexOf(published);
    if (at < 0 || text.indexOf(published, at + 1) >= 0) {
      throw new Error(`DuckDB-WASM worker script: ${published.slice(0, 40)}… not found exactly once; data-pipeline/site/duckdb-worker-scripts.ts was written for @duckdb/duckdb-wasm 1.32`);
    }
    return text.slice(0, at) + served + text.slice(at + published.length);
  }, source);
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
