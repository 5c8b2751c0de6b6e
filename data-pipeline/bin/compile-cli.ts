/**
 * The `tallyboard` command compiled ahead of its runs: `npm install` (the `prepare` script) bundles
 * data-pipeline/cli/main.ts with esbuild, and the bin (tallyboard.js) runs the bundle while no file it was made
 * from has changed since (compiled-cli.js), else the TypeScript through tsx as before.
 *
 * Why: through tsx's loader every run first resolves and loads ~480 TypeScript files, one loader round trip each.
 * From spawn to exit, less the build's own time, on the 1M demo (3 alternated, load 0.9–1.2): 0.96–0.99 s through
 * tsx, 0.47–0.49 s compiled; `--help` 291–309 against 109–111 ms. Every cron `build` and `report` pays it.
 *
 * - Split into a chunk per command (esbuild's `splitting`): one file loaded DuckDB, nodemailer and the report's
 *   renderer for every command (`--help` 549–598 ms), where main.ts loads each command lazily.
 * - Packages are bundled too, but for those with a native addon (NATIVE_PACKAGES): Node resolved, read and compiled
 *   their files one by one (462 for all the commands), the build's pipeline chunk taking 320–355 ms to import against
 *   150–154 ms bundled (4 alternated); from spawn to exit less the build's total, 1M demo, 3 alternated (load 1.3):
 *   0.50–0.54 s → 0.35–0.36 s. The packages' files are not inputs (the bin would stat them all on every run): the
 *   lockfiles are, which npm rewrites on every install, and the `prepare` script compiles again after it.
 * - `import.meta.url` keeps naming each module's source file, so the files found beside it (geo packs, the config
 *   schema, worker scripts, the resolver's rule folders) are found as before.
 * - Written to a folder of its own, then named by `current.json` (written to a temporary file, then renamed), so a
 *   run never loads half a bundle; the folder before it is kept for a process that still loads its chunks.
 */
import { build, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILED_DIR, COMPILED_POINTER, type CompiledPointer } from './compiled-cli.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = join(ROOT, 'data-pipeline', 'cli', 'main.ts');
/** `to` relative to `from`, with forward slashes: a URL path and the pointer's, whatever the platform. */
const relativePosix = (from: string, to: string): string => relative(from, to).split(sep).join('/');
/** Build folders kept: the new one and the one a running process may still load chunks from. */
const KEEP = 2;

/**
 * Packages left as imports of node_modules: a native addon's `.node` file cannot be bundled (another such
 * package stops the compile, naming the file), and pg-native is optional, not installed, loaded by pg only when
 * asked for.
 */
const NATIVE_PACKAGES = ['@duckdb/node-bindings*', '@resvg/resvg-js*', 'pg-native'];

/**
 * Each chunk's `require`: esbuild's ESM output calls it where a bundled CommonJS package requires a Node built-in
 * (`fs`, `events`…), and an ES module has none of its own.
 */
const REQUIRE_BANNER = "import { createRequire as __tallyboardRequire } from 'node:module'; const require = __tallyboardRequire(import.meta.url);";

/** The lockfiles whose change means the packages may have changed (node_modules/.package-lock.json when npm made it). */
const LOCKFILES = ['package-lock.json', 'node_modules/.package-lock.json'];

/**
 * A module's `import.meta.url` as its source file's, from a chunk in `chunkDir` (each chunk's own import.meta.url).
 * Any other use of import.meta stops the compile, naming the file: the bundle would get it wrong.
 */
function sourceImportMeta(chunkDir: string): Plugin {
  return {
    name: 'source-import-meta',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = JSON.stringify(relativePosix(chunkDir, args.path));
        const contents = readFileSync(args.path, 'utf8').replaceAll('import.meta.url', `new URL(${source}, import.meta.url).href`);
        const other = /import\.meta(\.\w+)?/.exec(contents.replaceAll('import.meta.url', ''));
        if (other) throw new Error(`${relative(ROOT, args.path)}: \`${other[0]}\` cannot be compiled; use import.meta.url`);
        return { contents, loader: 'ts' };
      });
    }
  };
}

/**
 * Bundles the CLI into `<compiledDir>/<id>/` and points `<compiledDir>/current.json` at it. Returns the pointer.
 * `compiledDir` is COMPILED_DIR (data-pipeline/bin/.compiled) unless a test compiles elsewhere (inside the
 * project, where the bundle's imports of packages find node_modules).
 */
export async function compileCli(compiledDir = COMPILED_DIR): Promise<CompiledPointer> {
  // Taken before any source is read: a file saved during the build is newer, so the bundle counts as stale.
  const builtAt = Date.now();
  const id = `${builtAt.toString(36)}-${process.pid}`;
  const outDir = join(compiledDir, id);
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: { main: ENTRY },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: NATIVE_PACKAGES,
    banner: { js: REQUIRE_BANNER },
    outdir: outDir,
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceImportMeta(outDir)]
  });
  const inputs = [
    ...Object.keys(result.metafile.inputs)
      .map((p) => relativePosix(ROOT, resolve(p)))
      .filter((p) => !p.split('/').includes('node_modules')),
    ...LOCKFILES.filter((f) => existsSync(join(ROOT, f)))
  ].sort();
  const pointer: CompiledPointer = { entry: `${id}/main.js`, builtAt, root: relativePosix(compiledDir, ROOT), inputs };
  const temporary = join(compiledDir, `${COMPILED_POINTER}.${process.pid}.tmp`);
  writeFileSync(temporary, JSON.stringify(pointer));
  renameSync(temporary, join(compiledDir, COMPILED_POINTER));
  const builds = readdirSync(compiledDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ name: e.name, mtime: statSync(join(compiledDir, e.name)).mtimeMs }))
    .filter((b) => b.name !== id)
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of builds.slice(KEEP - 1)) rmSync(join(compiledDir, old.name), { recursive: true, force: true });
  return pointer;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const compiledDir = process.argv[2] ? resolve(process.argv[2]) : COMPILED_DIR;
  const pointer = await compileCli(compiledDir);
  process.stdout.write(`tallyboard CLI compiled: ${pointer.inputs.length} files → ${relativePosix(ROOT, join(compiledDir, pointer.entry))}\n`);
}
