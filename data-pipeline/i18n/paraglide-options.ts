import { fileURLToPath } from 'node:url';
import type { CompilerOptions } from '@inlang/paraglide-js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * One set of compiler options for the Vite plugin and the Node compile, so both write the same runtime.
 * The locale is never read from a cookie or URL by Paraglide itself: the dashboard resolves it (?lang,
 * localStorage, the campaign's default) and the report passes it to every message explicitly.
 */
export const PARAGLIDE_OPTIONS: CompilerOptions = {
  project: `${ROOT}project.inlang`,
  outdir: `${ROOT}shared/i18n/paraglide`,
  strategy: ['globalVariable', 'baseLocale'],
  emitGitIgnore: false
};
