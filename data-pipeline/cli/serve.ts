import { join, resolve } from 'node:path';
import { intFlag, parseArgs, stringFlag, UsageError } from './args.ts';
import { accessNotice, gateFromEnv } from '../serve/access.ts';
import { startStaticServer } from '../serve/static-server.ts';

const USAGE = 'usage: tallyboard serve [--dir SITE] [--data DIR] [--port N] [--host ADDRESS]';

export async function serveCommand(argv: string[]): Promise<number> {
  let site: string, data: string | undefined, port: number, host: string;
  try {
    const args = parseArgs(argv, { dir: 'string', data: 'string', port: 'string', host: 'string' });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    site = resolve(stringFlag(args, 'dir') ?? 'build');
    const dataFlag = stringFlag(args, 'data');
    data = dataFlag === undefined ? undefined : resolve(dataFlag);
    port = intFlag(args, 'port', 4173);
    if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
    host = stringFlag(args, 'host') ?? '127.0.0.1';
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`tallyboard serve: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  let gate;
  try {
    gate = gateFromEnv();
  } catch (e) {
    // A protection that was asked for and cannot be set up must stop the server, not leave it open.
    process.stderr.write(`tallyboard serve: ${(e as Error).message}\n`);
    return 2;
  }
  const { url } = await startStaticServer({ site, data, port, host, gate });
  process.stdout.write(`Tallyboard dashboard: ${url}\n(serving ${site}, data from ${data ?? join(site, 'data')}; ${accessNotice(gate, host)}; Ctrl-C to stop)\n`);
  await new Promise<void>(() => undefined);
  return 0;
}
