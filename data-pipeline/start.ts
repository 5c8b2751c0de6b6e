/**
 * `npm start`: from a fresh clone to a served dashboard, reusing whatever is up to date.
 *   0. messages/*.json newer than their compiled form → data-pipeline/i18n/compile-messages.ts; the CLI's compiled
 *      form missing or older than a file it is made from → data-pipeline/bin/compile-cli.ts
 *   1. demo/campaign.json missing                → tallyboard demo --out demo
 *   2. static/data/manifest.json older than any input named by demo/campaign.json (or the config itself)
 *                                                → tallyboard build --config demo/campaign.json --out static/data
 *   3. build/ older than src/, static/ or the site config → vite build
 *   4. serve build/ on http://127.0.0.1:$PORT (default 4173; data-pipeline/serve/static-server.ts) with /data/ read
 *      live from static/data, so a later `build --out static/data` shows without a site rebuild; printing the URL.
 *      TALLYBOARD_PASSWORD_HASH requires a password, as for `tallyboard serve`.
 * Steps run as child processes, so each is exactly the command a user would type.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freshCompiledEntry } from './bin/compiled-cli.js';
import { accessNotice, gateFromEnv } from './serve/access.ts';
import { startStaticServer } from './serve/static-server.ts';

const ROOT = resolve(import.meta.dirname ?? '.', '..');
const DEMO_CONFIG = join(ROOT, 'demo', 'campaign.json');
const DATA = join(ROOT, 'static', 'data');
const SITE = join(ROOT, 'build');

/** Newest modification time under a path (files only; skips node_modules and dot folders). */
export function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Runs a step; one that fails stops `npm start`, unless `otherwise` says what happens without it. */
function run(label: string, args: string[], otherwise?: string): void {
  process.stdout.write(`\n▶ ${label}\n`);
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0 && otherwise) process.stdout.write(`${otherwise}\n`);
  else if (r.status !== 0) {
    process.stderr.write(`npm start: "${label}" failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
}

const tallyboard = (...args: string[]): string[] => [join(ROOT, 'data-pipeline', 'bin', 'tallyboard.js'), ...args];

/** Files the build reads: the config, every source/reference file it names, and the pipeline's own code. */
function buildInputs(): string[] {
  const inputs = [DEMO_CONFIG, join(ROOT, 'data-pipeline'), join(ROOT, 'src', 'lib', 'cube'), join(ROOT, 'geo', 'ru'), join(ROOT, 'geo', 'us')];
  try {
    const cfg = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8')) as { sources?: Array<{ path?: string; profile?: unknown }>; headquarters?: string; events?: string; deliveries?: string };
    const dir = join(ROOT, 'demo');
    for (const s of cfg.sources ?? []) {
      if (s.path) inputs.push(join(dir, s.path));
      if (typeof s.profile === 'string') inputs.push(join(dir, s.profile));
    }
    for (const p of [cfg.headquarters, cfg.events, cfg.deliveries]) if (p) inputs.push(join(dir, p));
  } catch {
    /* the build itself will report a broken config */
  }
  return inputs;
}

/** PORT from the environment: checked before the slow steps, so a typo fails in a second, not after a build. */
function portFromEnv(): number {
  const text = process.env.PORT ?? '4173';
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`PORT must be a port number (0–65535), got "${text}"`);
  return port;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const port = portFromEnv();
  const gate = gateFromEnv();
  run('messages: compiling translations when messages/ changed', ['--import', 'tsx', join(ROOT, 'data-pipeline', 'i18n', 'compile-messages.ts')]);
  if (!freshCompiledEntry()) run('cli: compiling the tallyboard command', ['--import', 'tsx', join(ROOT, 'data-pipeline', 'bin', 'compile-cli.ts')], 'not compiled: the command runs through tsx');
  else process.stdout.write('✓ the tallyboard command is compiled\n');
  if (!existsSync(DEMO_CONFIG)) run('demo: generating the demo campaign (demo/)', tallyboard('demo', '--out', 'demo'));
  else process.stdout.write('✓ demo campaign present (demo/campaign.json)\n');

  const manifest = join(DATA, 'manifest.json');
  const dataTime = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  const inputsTime = Math.max(...buildInputs().map(newestMtime));
  if (dataTime < inputsTime) run('build: raw exports → static/data', tallyboard('build', '--config', 'demo/campaign.json', '--out', 'static/data'));
  else process.stdout.write('✓ static/data is up to date\n');

  const siteTime = existsSync(join(SITE, 'index.html')) ? statSync(join(SITE, 'index.html')).mtimeMs : 0;
  const siteInputs = Math.max(
    newestMtime(join(ROOT, 'src')),
    newestMtime(join(ROOT, 'static')),
    newestMtime(join(ROOT, 'messages')),
    ...['svelte.config.js', 'vite.config.ts', 'package.json'].map((f) => newestMtime(join(ROOT, f)))
  );
  if (siteTime < siteInputs) run('vite build: the dashboard → build/', [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build']);
  else process.stdout.write('✓ build/ is up to date\n');

  const host = '127.0.0.1';
  const { url } = await startStaticServer({ site: SITE, data: DATA, port, host, gate });
  process.stdout.write(
    `\nTallyboard dashboard: ${url}\n(ready in ${((performance.now() - t0) / 1000).toFixed(1)} s; serving build/ and static/data; ${accessNotice(gate, host)}; Ctrl-C to stop)\n`
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`npm start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
