/**
 * The Node flags a worker thread of the pipeline starts with (cube/deliveries.ts, resolve/parallel-resolve.ts):
 * the process's own, less those a worker refuses (`--input-type`, `--eval`/`-e` from `node -e`). The workers
 * register tsx themselves (their `.mjs` entries), since execArgv loaders do not reach workers on every Node version.
 */
export function workerExecArgv(): string[] {
  return process.execArgv.filter((a) => !a.startsWith('--input-type') && !a.startsWith('--eval') && a !== '-e');
}
