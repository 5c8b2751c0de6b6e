/** The manifest a build would replace, for the sanity gates; and the error a gate raises. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMAT_NAME, type Manifest } from '../../shared/cube/format.ts';

/** The published manifest in `outDir`, or null when there is none (a first publish) or it is unreadable. */
export function previousManifest(outDir: string): Manifest | null {
  try {
    const m = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
    return m.format === FORMAT_NAME && m.counts && m.cities ? m : null;
  } catch {
    return null;
  }
}

export class PublishGateError extends Error {
  constructor(outDir: string, readonly problems: string[]) {
    super(`not published: ${problems.join('; ')}; the previous publish in ${outDir} is unchanged (build --force publishes anyway)`);
    this.name = 'PublishGateError';
  }
}
