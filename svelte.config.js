import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { precompressed } from './site-precompress.js';

// TALLYBOARD_BUILD_DIR lets parallel builds (tests, benches) each use their own output folder. Kit's own
// intermediate folder stays inside the project, where its server bundle can resolve node_modules.
const buildDir = process.env.TALLYBOARD_BUILD_DIR;
const kitDir = buildDir ? `.svelte-kit-${buildDir.replace(/[^A-Za-z0-9]+/g, '-')}` : '.svelte-kit';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: precompressed(adapter({ pages: buildDir ?? 'build', assets: buildDir ?? 'build', fallback: undefined, strict: true }), buildDir ?? 'build'),
    outDir: kitDir,
    // The contract shared by the pipeline and the browser lives outside src/: pipeline → shared ← browser.
    alias: { $shared: 'shared' },
    typescript: {
      // tsc checks every half of the project, not only what the app's routes reach.
      config: (tsconfig) => {
        tsconfig.include.push('../shared/**/*.ts', '../data-pipeline/**/*.ts', '../geo/**/*.ts', '../bench/**/*.ts');
      }
    },
    // Relative asset paths let the built site be served from any sub-path of a CDN.
    paths: { relative: true },
    prerender: {
      // The data set is published beside the site, not built into it (and is absent on a fresh clone): the page's
      // preload links to it must not fail the build. Any other broken link still does.
      handleHttpError: ({ path, message }) => {
        if (path.startsWith('/data/')) return;
        throw new Error(message);
      }
    }
  }
};
export default config;
