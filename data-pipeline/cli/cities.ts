/**
 * `cities resolve --pack ru|us`: one free-text city per stdin line → one JSON object per line,
 * in order, streaming. Empty lines are answered too (unresolved), so output lines pair with input.
 */
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { isPackCode, loadPack } from '../../geo/pack.ts';
import { createCityResolver } from '../resolve/city-resolver.ts';
import { parseArgs, stringFlag, UsageError } from './args.ts';

const USAGE = 'usage: cities resolve --pack ru|us  (reads one city per line on stdin, writes JSON lines)';

export async function citiesCommand(argv: string[]): Promise<number> {
  let pack: string | undefined;
  try {
    const args = parseArgs(argv, { pack: 'string' });
    if (args.positionals.length !== 1 || args.positionals[0] !== 'resolve') throw new UsageError('the only subcommand is "resolve"');
    pack = stringFlag(args, 'pack');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`cities: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (pack === undefined || !isPackCode(pack)) {
    process.stderr.write(`cities resolve: --pack must be "ru" or "us" (got ${pack === undefined ? 'nothing' : JSON.stringify(pack)})\n${USAGE}\n`);
    return 2;
  }
  const resolver = createCityResolver(loadPack(pack));
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    // Respect back-pressure so a slow reader does not make us buffer the whole input.
    if (!process.stdout.write(`${JSON.stringify(resolver.resolve(line))}\n`)) await once(process.stdout, 'drain');
  }
  return 0;
}
