/**
 * The demo campaigns the benches run on, generated once under .tallyboard/bench-pipeline/<label> and shared:
 * the dashboard bench loads the cubes built from the 10M campaign, the pipeline bench times that build and
 * then removes the folder (about 1.7 GB of CSV).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeSyntheticCampaign } from './pipeline-synthetic.ts';

export const ROOT = resolve(import.meta.dirname ?? '.', '..');
export const WORK = join(ROOT, '.tallyboard', 'bench-pipeline');

/** The folder of the demo campaign with `rows` registrations, generated when missing; returns its config. */
export function demoCampaign(rows: number, dir: string): string {
  const config = join(dir, 'campaign.json');
  if (existsSync(config)) return config;
  mkdirSync(dir, { recursive: true });
  if (existsSync(join(ROOT, 'data-pipeline', 'cli', 'demo.ts'))) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'data-pipeline', 'cli', 'main.ts'), 'demo', '--registrations', String(rows), '--out', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status === 0 && existsSync(config)) return config;
    process.stderr.write('bench: demo generator failed; using the synthetic writer\n');
  }
  return writeSyntheticCampaign(dir, { rows });
}
