/**
 * `tallyboard demo [--pack ru|us] [--registrations N] [--seed S] --out DIR` — writes a realistic synthetic
 * campaign's raw exports and DIR/campaign.json pointing at them. Deterministic for a seed.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPackCode } from '../../geo/pack.ts';
import { SPECS } from '../demo/calendar.ts';
import { DEFAULT_SEED, generateDemo } from '../demo/generate.ts';
import { intFlag, parseArgs, requiredFlag, stringFlag, UsageError } from './args.ts';

const USAGE = 'usage: tallyboard demo [--pack ru|us] [--registrations N] [--seed S] --out DIR';

export async function demoCommand(argv: string[]): Promise<number> {
  let pack: 'ru' | 'us';
  let registrations: number;
  let seed: string;
  let out: string;
  try {
    const args = parseArgs(argv, { pack: 'string', registrations: 'string', seed: 'string', out: 'string' });
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const p = stringFlag(args, 'pack') ?? 'ru';
    if (!isPackCode(p)) throw new UsageError(`--pack must be ru or us, got "${p}"`);
    pack = p;
    registrations = intFlag(args, 'registrations', SPECS[pack].defaultRegistrations);
    if (registrations < 1) throw new UsageError('--registrations must be at least 1');
    if (registrations > 50_000_000) throw new UsageError('--registrations must be at most 50,000,000');
    seed = stringFlag(args, 'seed') ?? DEFAULT_SEED;
    out = resolve(requiredFlag(args, 'out'));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`tallyboard demo: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  const packDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'geo', pack);
  if (!existsSync(join(packDir, 'cities.json'))) {
    process.stderr.write(`tallyboard demo: the "${pack}" country pack is not built (no geo/${pack}/cities.json); run npm run geo:build\n`);
    return 1;
  }
  const t0 = performance.now();
  process.stdout.write(`demo: pack ${pack}, ${registrations.toLocaleString('en-US')} registrations, seed "${seed}" → ${out}\n`);
  await generateDemo({ pack, registrations, seed, out, log: (m) => process.stdout.write(`demo: ${m}\n`) });
  process.stdout.write(`demo: done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return 0;
}
