/**
 * Runs when the site is prerendered (and on each request to the dev server). The dashboard's head script
 * (lib/data/early-fetch.ts) is written into the page here, where src/app.html marks its place, and not by the
 * page's component: rendered there, its text (a function's source) came out differently from the server's and the
 * client's bundles, so every first load hydrated a mismatch (development builds warned: `hydration_html_changed`).
 * Other pages (explore/) get no script: they do not read the dashboard's first files.
 */
import type { Handle } from '@sveltejs/kit';
import { EARLY_FETCH_MARK, EARLY_FETCH_SCRIPT } from '$lib/data/early-fetch';

export const handle: Handle = ({ event, resolve }) =>
  resolve(event, { transformPageChunk: ({ html }) => html.replace(EARLY_FETCH_MARK, event.route.id === '/' ? EARLY_FETCH_SCRIPT : '') });
