import { spawnSync } from 'node:child_process';

/**
 * Builds the static site once for every browser test, as it ships: in production mode. Vitest sets NODE_ENV to
 * `test`, under which Vite resolves Svelte's and SvelteKit's development builds (extra checks, dev-only warnings),
 * so the tests drove a page no user gets. Set TALLYBOARD_SKIP_SITE_BUILD=1 to reuse an existing build/ while
 * iterating on tests only.
 */
export default function setup(): void {
  if (process.env.TALLYBOARD_SKIP_SITE_BUILD === '1') return;
  const started = Date.now();
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' }
  });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status}): the browser tests need the built site`);
  process.stdout.write(`[global-setup] site built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
