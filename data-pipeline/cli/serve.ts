import { resolve } from 'node:path';
import { intFlag, parseArgs, stringFlag } from './args.ts';
import { startStaticServer } from '../serve/static-server.ts';

export async function serveCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const dir = resolve(stringFlag(args, 'dir') ?? 'build');
  const port = intFlag(args, 'port', 4173);
  const { url } = await startStaticServer(dir, port, stringFlag(args, 'host') ?? '127.0.0.1');
  process.stdout.write(`Tallyboard dashboard: ${url}\n(serving ${dir}; Ctrl-C to stop)\n`);
  await new Promise<void>(() => undefined);
  return 0;
}
