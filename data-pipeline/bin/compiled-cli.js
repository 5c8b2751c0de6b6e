// Plain JavaScript: the bin reads this before it knows whether tsx's loader is needed.
/**
 * Whether the compiled CLI (compile-cli.ts) may run: it exists, and no file it was made from has changed, moved or
 * gone since it was made. A stale bundle is never run: the bin runs the TypeScript through tsx instead.
 */
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where `npm install` compiles the CLI (gitignored). */
export const COMPILED_DIR = fileURLToPath(new URL('./.compiled', import.meta.url));

/** The file in the compiled folder that names the current bundle. */
export const COMPILED_POINTER = 'current.json';

/**
 * @typedef {object} CompiledPointer
 * @property {string} entry The bundle's entry, relative to the compiled folder.
 * @property {number} builtAt When the build began (epoch ms), before it read any source.
 * @property {string} root The project's root, relative to the compiled folder.
 * @property {string[]} inputs The files bundled, relative to the project's root.
 */

/**
 * The file URL of the compiled CLI's entry in `compiledDir`, or null when there is none or it is stale.
 * @param {string} [compiledDir]
 * @returns {string | null}
 */
export function freshCompiledEntry(compiledDir = COMPILED_DIR) {
  /** @type {CompiledPointer} */
  let pointer;
  try {
    pointer = JSON.parse(readFileSync(join(compiledDir, COMPILED_POINTER), 'utf8'));
  } catch {
    return null;
  }
  const root = join(compiledDir, pointer.root);
  for (const input of pointer.inputs.map((i) => join(root, i))) {
    const stat = statSync(input, { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > pointer.builtAt) return null;
  }
  const entry = join(compiledDir, pointer.entry);
  return statSync(entry, { throwIfNoEntry: false }) ? pathToFileURL(entry).href : null;
}
