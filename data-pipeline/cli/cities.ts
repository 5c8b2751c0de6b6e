/**
 * `cities resolve --pack ru|us`: one free-text city per stdin line → one JSON object per line,
 * in order, streaming. Empty lines are answered too (unresolved), so output lines pair with input.
 */
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { isPackCode, loadPack } from '../../geo/pack.ts';
import { createCityResolver } from '../resolve/city-resolver.ts';

const USAGE = 'usage: cities resolve --pack ru|us  (reads one city per line on stdin, writes JSON lines)';

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const inline = argv.find((a) => a.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

export async function citiesCommand(argv: string[]): Promise<number> {
  if (argv[0] !== 'resolve') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const pack = option(argv, '--pack');
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
