import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INLINE_SCRIPT = 'window.booted = true;';

/** A stand-in for the built site: a page with an inline bootstrap script and one hashed asset. */
export function makeSite(): { root: string; site: string } {
  const root = mkdtempSync(join(tmpdir(), 'tallyboard-serve-'));
  const site = join(root, 'site');
  mkdirSync(join(site, '_app', 'immutable'), { recursive: true });
  writeFileSync(join(site, 'index.html'), `<!doctype html><title>t</title><script>${INLINE_SCRIPT}</script><script type="module" src="./_app/immutable/start-abc123.js"></script>`);
  writeFileSync(join(site, '_app', 'immutable', 'start-abc123.js'), 'export {};\n');
  return { root, site };
}
