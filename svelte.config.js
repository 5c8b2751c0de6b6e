import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// TALLYBOARD_BUILD_DIR lets parallel builds (tests, benches) each use their own folders.
const buildDir = process.env.TALLYBOARD_BUILD_DIR;

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: buildDir ?? 'build', assets: buildDir ?? 'build', fallback: undefined, strict: true }),
    outDir: buildDir ? `${buildDir}-kit` : '.svelte-kit',
    // Relative asset paths let the built site be served from any sub-path of a CDN.
    paths: { relative: true }
  }
};
export default config;
