/**
 * The built site's hashed assets (`_app/immutable/`: scripts, styles, DuckDB-WASM's module) compressed beside
 * themselves once they are written, as `<file>.br` (brotli, quality 5) and `<file>.gz` (gzip, level 6), which
 * `tallyboard serve` (data-pipeline/serve/static-server.ts), the tests' sirv and nginx's `brotli_static` /
 * `gzip_static` send to a browser that accepts them. Pages are left as they are: they are small, and the server
 * hashes their inline scripts into their policy.
 *
 * Not adapter-static's own `precompress`: it compresses at brotli's highest quality, minutes for DuckDB-WASM's
 * 34 MB module. Measured on that module: brotli quality 5 1.6 s → 6.2 MB, quality 9 5.9 s → 5.9 MB; gzip level 6
 * 0.7 s → 7.7 MB, level 9 1.2 s → 7.7 MB. Plain JavaScript: svelte.config.js loads it without a TypeScript loader.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** What is worth compressing: text and WebAssembly. Images and fonts come compressed. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.json', '.svg', '.wasm']);
/** Below this a compressed copy saves less than the response's headers weigh. */
const MIN_BYTES = 1024;

/**
 * Writes `.br` and `.gz` beside every compressible file under `dir` (recursively), each only when it is smaller
 * than the file. Returns how many files got a copy.
 * @param {string} dir
 * @returns {Promise<number>}
 */
export async function precompressFolder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && COMPRESSIBLE.has(extname(e.name).toLowerCase())).map((e) => join(e.parentPath, e.name));
  let done = 0;
  // The two formats of a file are compressed at once, on libuv's threads: both cores are used.
  for (const file of files) {
    const bytes = await readFile(file);
    if (bytes.length < MIN_BYTES) continue;
    const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
    const [br, gz] = await Promise.all([brotli(bytes, { params }), gzip(bytes, { level: 6 })]);
    if (br.length < bytes.length) await writeFile(`${file}.br`, br);
    if (gz.length < bytes.length) await writeFile(`${file}.gz`, gz);
    if (br.length < bytes.length || gz.length < bytes.length) done++;
  }
  return done;
}

/**
 * `adapter` (adapter-static's), followed by precompressFolder over the hashed assets it wrote to `out`.
 * @template {import('@sveltejs/kit').Adapter} A
 * @param {A} adapter
 * @param {string} out the adapter's output folder
 * @returns {A}
 */
export function precompressed(adapter, out) {
  return {
    ...adapter,
    async adapt(builder) {
      await adapter.adapt(builder);
      const count = await precompressFolder(join(out, '_app', 'immutable'));
      builder.log.minor(`Compressed ${count} assets (.br, .gz)`);
    }
  };
}
