/**
 * DuckDB-WASM's worker, started with its WebAssembly module already downloading and compiling.
 *
 * DuckDB-WASM's own worker asks for the module only when the page's bindings send it `instantiate`, which needs
 * the bindings' code (with Arrow) downloaded and run first: on the SQL page that put the 34 MB request about a
 * second after navigation. This script starts the request and `WebAssembly.compileStreaming` as soon as the
 * worker exists (the page's head starts it, see early-worker.ts), then runs DuckDB-WASM's worker script as it is
 * published. When the bindings instantiate, the worker's two calls are answered from here: its `fetch` of the
 * module gets a branch of the request already made (so it still reports the bytes received), and its
 * `WebAssembly.instantiateStreaming` instantiates the module already compiled.
 *
 * The module's and DuckDB-WASM's script's addresses come in this script's URL fragment (duckdb-files.ts). A
 * classic worker, compiled as it is at build time (data-pipeline/site/duckdb-worker-scripts.ts), so DuckDB-WASM's
 * script is loaded with importScripts.
 */

// A worker's global, which the project's DOM typings do not declare.
declare function importScripts(...urls: string[]): void;

const files = new URLSearchParams(location.hash.slice(1));
const moduleHref = files.get('module') ?? '';

/**
 * The module's one request, split: the response itself is compiled as it arrives (so that Chromium can keep the
 * compiled code with the cached file for the next visit), and a clone goes to DuckDB-WASM.
 */
const split = fetch(moduleHref, { credentials: 'same-origin' }).then((response) => {
  if (!response.ok) throw new Error(`${moduleHref}: HTTP ${response.status}`);
  return { compiling: response, reported: response.clone() };
});
const compiled = WebAssembly.compileStreaming(split.then((s) => s.compiling));
// Awaited when DuckDB-WASM instantiates; a failure is reported there, not here as well.
compiled.catch(() => {});

/** DuckDB-WASM fetches the module once and instantiates it once: each hook answers its first call from here. */
let fetchTaken = false;
let moduleTaken = false;

const fetchNetwork = globalThis.fetch.bind(globalThis);
globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const href = input instanceof Request ? input.url : new URL(input, location.href).href;
  if (href !== moduleHref || fetchTaken) return fetchNetwork(input, init);
  fetchTaken = true;
  return split.then((s) => s.reported);
};

const instantiateNetwork = WebAssembly.instantiateStreaming.bind(WebAssembly);
WebAssembly.instantiateStreaming = async (source: Response | PromiseLike<Response>, imports?: WebAssembly.Imports): Promise<WebAssembly.WebAssemblyInstantiatedSource> => {
  // DuckDB-WASM passes its own Response around the branch it was given, which has no URL to tell it by.
  if (!fetchTaken || moduleTaken) return instantiateNetwork(source, imports);
  moduleTaken = true;
  // Read to the end: DuckDB-WASM counts the bytes received as they pass through this response.
  void (await source).body?.pipeTo(new WritableStream()).catch(() => {});
  const module = await compiled;
  return { module, instance: await WebAssembly.instantiate(module, imports) };
};

importScripts(files.get('script') ?? '');
