/**
 * `tallyboard init --from FILE [--pack ru|us] [--out DIR]` — reads the first megabyte of an export and writes
 * DIR/campaign.json (default: beside the export) with a source profile, explaining each decision. Personal
 * columns are named and counted, their values never printed. Exit 0 written, 1 the file cannot be used, 2 usage.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { isPackCode, type PackCode } from '../../geo/pack.ts';
import { validateConfig } from '../config/load-config.ts';
import { inspectExport, InspectError } from '../init/inspect.ts';
import { explain, proposeConfig } from '../init/propose.ts';
import { parseArgs, requiredFlag, stringFlag, UsageError } from './args.ts';

const USAGE = 'usage: tallyboard init --from FILE [--pack ru|us] [--out DIR]';
export async function initCommand(argv: string[]): Promise<number> {
  let from: string, out: string, pack: PackCode | undefined;
  try {
    const args = parseArgs(argv, { from: 'string', pack: 'string', out: 'string' });
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    from = resolve(requiredFlag(args, 'from'));
    const p = stringFlag(args, 'pack');
    if (p !== undefined && !isPackCode(p)) throw new UsageError(`--pack must be ru or us, got "${p}"`);
    pack = p;
    out = resolve(stringFlag(args, 'out') ?? dirname(from));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`tallyboard init: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const say = (line: string): boolean => process.stdout.write(`init: ${line}\n`);
  const target = join(out, 'campaign.json');
  if (!existsSync(from)) {
    process.stderr.write(`tallyboard init: ${from}: file not found\n`);
    return 1;
  }
  if (existsSync(target)) {
    process.stderr.write(`tallyboard init: ${target} already exists: remove it or choose another --out\n`);
    return 1;
  }
  let inspection;
  try {
    inspection = inspectExport(from, pack);
  } catch (e) {
    if (!(e instanceof InspectError)) throw e;
    process.stderr.write(`tallyboard init: ${e.message}\n`);
    return 1;
  }
  const config = proposeConfig(inspection, from, relative(out, from) || from);
  // What init writes must load: a failure here is init's bug, caught before the admin meets it.
  validateConfig(config, target);
  for (const line of explain(inspection, config)) say(line);
  mkdirSync(out, { recursive: true });
  writeFileSync(target, `${JSON.stringify(config, null, 2)}\n`);
  say(`wrote ${relative(process.cwd(), target) || target}`);
  say(`next: set the placeholders, then tallyboard check --config ${relative(process.cwd(), target) || target}`);
  return 0;
}
