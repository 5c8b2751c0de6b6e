/**
 * `tallyboard build --config FILE [--out DIR] [--work DIR2] [--order measures|dims|hour] [--memory-limit 512MB]`
 * Runs the pipeline (data-pipeline/pipeline.ts). Exit 0 on success; on a fatal error (bad config, missing file,
 * missing column, unparseable file) prints ONE line naming the file, row and field, and exits 1. Bad rows are
 * never fatal: they go to rejects.csv in the work folder.
 */
import { parseArgs, requiredFlag, stringFlag, UsageError } from './args.ts';

const USAGE = 'usage: tallyboard build --config FILE [--out DIR] [--work DIR] [--order measures|dims|hour] [--memory-limit 512MB]';

export async function buildCommand(argv: string[]): Promise<number> {
  let config: string, out: string | undefined, work: string | undefined, order: string | undefined, memoryLimit: string | undefined;
  try {
    const args = parseArgs(argv, { config: 'string', out: 'string', work: 'string', order: 'string', 'memory-limit': 'string' });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    config = requiredFlag(args, 'config');
    out = stringFlag(args, 'out');
    work = stringFlag(args, 'work');
    order = stringFlag(args, 'order');
    memoryLimit = stringFlag(args, 'memory-limit');
    if (order !== undefined && !['measures', 'dims', 'hour'].includes(order)) throw new UsageError('--order must be measures, dims or hour');
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`tallyboard build: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const { runBuild } = await import('../pipeline.ts');
  try {
    await runBuild({ config, out, work, order: order as 'measures' | 'dims' | 'hour' | undefined, memoryLimit });
    return 0;
  } catch (e) {
    const err = e as Error;
    const known = err.name === 'ConfigError' || err.name === 'FatalInputError';
    process.stderr.write(`tallyboard build: ${err.message.split('\n')[0]}\n`);
    if (!known && process.env.TALLYBOARD_DEBUG) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
