/** A demo campaign generated and built by the real pipeline into a fresh temporary folder, quietly. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../../data-pipeline/demo/generate.ts';
import { runBuild, type BuildResult } from '../../data-pipeline/pipeline.ts';
import { Progress } from '../../data-pipeline/step-log.ts';

export async function buildDemo(seed: string, registrations: number): Promise<{ dir: string; result: BuildResult }> {
  const dir = mkdtempSync(join(tmpdir(), `tb-${seed}-`));
  await generateDemo({ pack: 'ru', registrations, seed, out: dir });
  const result = await runBuild({ config: join(dir, 'campaign.json'), out: join(dir, 'published'), progress: new Progress({ out: () => undefined, live: false }) });
  return { dir, result };
}
