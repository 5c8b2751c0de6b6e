import { resolve } from 'node:path';
import { intFlag, parseArgs, stringFlag, UsageError } from './args.ts';
import { startStaticServer } from '../serve/static-server.ts';

const USAGE = 'usage: tallyboard serve [--dir DIR] [--port N] [--host ADDRESS]';

export async function serveCommand(argv: string[]): Promise<number> {
  let dir: string, port: number, host: string;
  try {
    const args = parseArgs(argv, { dir: 'string', port: 'string', host: 'string' });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    dir = resolve(stringFlag(args, 'dir') ?? 'build');
    port = intFlag(args, 'port', 4173);
    host = stringFlag(args, 'host') ?? '127.0.0.1';
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`tallyboard serve: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const { url } = await startStaticServer(dir, port, host);
  process.stdout.write(`Tallyboard dashboard: ${url}\n(serving ${dir}; Ctrl-C to stop)\n`);
  await new Promise<void>(() => undefined);
  return 0;
}
