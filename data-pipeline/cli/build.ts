/**
 * `tallyboard build --config FILE [--out DIR] [--work DIR2] [--force] [--full] [--order measures|dims|hour] [--memory-limit 512MB] [--reader duckdb|typescript]`
 * Runs the pipeline (data-pipeline/pipeline.ts). Exit 0 on success. A usage or configuration error (a bad config,
 * an `--out` that may not be replaced) prints one line and exits 2; a fatal data error (missing file or column,
 * unparseable file), a build held back by a sanity gate or another build holding the lock prints one line naming
 * the file, row and field or the reason, and exits 1. Bad rows are never fatal: they go to rejects.csv in the work
 * folder. Whatever fails, the previous publish and its private files stay as they were. With TALLYBOARD_STATE_KEY set,
 * a build reads only what changed since the last one (README "Incremental builds"); `--full` reads everything.
 */
import { parseArgs, requiredFlag, stringFlag, UsageError } from './args.ts';

const USAGE = 'usage: tallyboard build --config FILE [--out DIR] [--work DIR] [--force] [--full] [--order measures|dims|hour] [--memory-limit 512MB] [--reader duckdb|typescript]';

/** Errors whose one-line message says all: no stack trace even with TALLYBOARD_DEBUG. */
const DATA_ERRORS = new Set(['FatalInputError', 'PublishGateError', 'LockedError']);
const CONFIG_ERRORS = new Set(['ConfigError', 'PublishTargetError']);

export async function buildCommand(argv: string[]): Promise<number> {
  let config: string, out: string | undefined, work: string | undefined, order: string | undefined, memoryLimit: string | undefined, reader: string | undefined, force: boolean, full: boolean;
  try {
    const args = parseArgs(argv, { config: 'string', out: 'string', work: 'string', order: 'string', 'memory-limit': 'string', reader: 'string', force: 'boolean', full: 'boolean' });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    config = requiredFlag(args, 'config');
    out = stringFlag(args, 'out');
    work = stringFlag(args, 'work');
    order = stringFlag(args, 'order');
    memoryLimit = stringFlag(args, 'memory-limit');
    reader = stringFlag(args, 'reader');
    force = args.flags.get('force') === true;
    full = args.flags.get('full') === true;
    if (reader !== undefined && !['duckdb', 'typescript'].includes(reader)) throw new UsageError('--reader must be duckdb or typescript');
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
    await runBuild({ config, out, work, order: order as 'measures' | 'dims' | 'hour' | undefined, memoryLimit, force, full, reader: reader as 'duckdb' | 'typescript' | undefined });
    return 0;
  } catch (e) {
    const err = e as Error;
    process.stderr.write(`tallyboard build: ${err.message.split('\n')[0]}\n`);
    if (CONFIG_ERRORS.has(err.name)) return 2;
    if (!DATA_ERRORS.has(err.name) && process.env.TALLYBOARD_DEBUG) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
