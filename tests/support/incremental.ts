/**
 * Incremental-equals-full checks: one campaign built after every change both incrementally, from the kept state,
 * and in full (`--full`) into another folder, and the published sets compared byte for byte (the manifest without
 * its generation time).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { BuildResources } from '../../data-pipeline/build-resources.ts';
import { PUBLISH_MARKER } from '../../data-pipeline/export/publish-target.ts';
import { runBuild, type BuildResult } from '../../data-pipeline/pipeline.ts';
import { Progress } from '../../data-pipeline/step-log.ts';
import { fakeResolver, PACK, SHAPES } from './pipeline-helpers.ts';

export const STATE_ENV: NodeJS.ProcessEnv = { ...process.env, TALLYBOARD_STATE_KEY: 'test-secret-for-the-state' };

/**
 * `resources`: what a long-lived process keeps between builds (`watch`), the kept sums among it; `gates`: the
 * publish gates may hold the build back (they are forced otherwise).
 */
export async function buildWith(config: string, dir: string, full: boolean, env: NodeJS.ProcessEnv = STATE_ENV, { resources, gates = false }: { resources?: BuildResources; gates?: boolean } = {}): Promise<BuildResult & { log: string[] }> {
  const log: string[] = [];
  const result = await runBuild({
    config,
    out: join(dir, 'out'),
    work: join(dir, 'work'),
    full,
    env,
    force: !gates,
    pack: PACK,
    shapes: SHAPES,
    resolver: fakeResolver(),
    resources,
    progress: new Progress({ out: (l) => log.push(l), live: false })
  });
  return { ...result, log };
}

/** Every published file of two sets, the manifest's generatedAt and the publish marker (the run's time) left out. */
export function expectSameSet(incremental: string, full: string, what: string): void {
  const files = readdirSync(full)
    .filter((f) => f !== PUBLISH_MARKER)
    .sort();
  expect(readdirSync(incremental).filter((f) => f !== PUBLISH_MARKER).sort(), what).toEqual(files);
  for (const f of files) {
    const a = readFileSync(join(incremental, f));
    const b = readFileSync(join(full, f));
    if (f === 'manifest.json') {
      const strip = (buf: Buffer): string => buf.toString('utf8').replace(/"generatedAt": ?"[^"]*"/, '');
      expect(strip(a), `${what}: ${f}`).toBe(strip(b));
    } else expect(a.equals(b), `${what}: ${f} differs`).toBe(true);
  }
}

export { prng } from './labelled-set.ts';
