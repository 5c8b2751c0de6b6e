import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { PARAGLIDE_OPTIONS } from './data-pipeline/i18n/paraglide-options.ts';
import { duckDbWorkerScripts } from './data-pipeline/site/duckdb-worker-scripts.ts';

export default defineConfig({
  plugins: [paraglideVitePlugin(PARAGLIDE_OPTIONS), duckDbWorkerScripts(), sveltekit()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  // Rolldown warns when plugins take most of a build, which Kit's prerender always does here: noise in `npm start`.
  build: { rolldownOptions: { checks: { bundlerTimings: false } } }
});
