/**
 * Compiles messages/*.json into shared/i18n/paraglide/ for Node (the report and the CLI) and for type checks.
 * The site's Vite plugin compiles the same project into the same folder during `vite dev`/`vite build`; this
 * runs from `npm install` (prepare), `npm start` and `npm test`, so a fresh clone never lacks it. Offline: the
 * inlang plugin is the local project.inlang/message-format.js. Skipped when the output is newer than its
 * inputs: the inlang SDK takes seconds to start, which every `npm test` would pay.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '@inlang/paraglide-js';
import { PARAGLIDE_OPTIONS } from './paraglide-options.ts';

const mtime = (path: string): number => (existsSync(path) ? statSync(path).mtimeMs : 0);
const messagesDir = join(PARAGLIDE_OPTIONS.project, '..', 'messages');
const inputs = [
  ...readdirSync(messagesDir).map((f) => join(messagesDir, f)),
  join(PARAGLIDE_OPTIONS.project, 'settings.json'),
  join(PARAGLIDE_OPTIONS.project, 'message-format.js')
];
if (mtime(join(PARAGLIDE_OPTIONS.outdir, 'runtime.js')) <= Math.max(...inputs.map(mtime))) await compile(PARAGLIDE_OPTIONS);
