/**
 * What a cache of the resolver's work is valid for: the pack's content and the sources of the resolver and the
 * shared text rules (every .ts file of resolve/ and shared/text/). The resolver image and the resolution cache are
 * both keyed by it, so a change to either the pack or the rules makes both stale.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Pack } from '../../geo/pack.ts';

const RULE_FOLDERS = [new URL('./', import.meta.url), new URL('../../shared/text/', import.meta.url)];

/** The hash, or null when the pack's content or the rules' sources are unknown (a pack built in memory). */
export function rulesHash(pack: Pack): string | null {
  if (!pack.contentHash) return null;
  const hash = createHash('sha256').update(pack.contentHash);
  try {
    for (const folder of RULE_FOLDERS) {
      for (const f of readdirSync(folder).filter((n) => n.endsWith('.ts')).sort()) hash.update(f).update(readFileSync(new URL(f, folder)));
    }
  } catch {
    return null; // running without the sources beside the code: no cache
  }
  return hash.digest('hex');
}
