/**
 * Many new city spellings resolved on two threads: the build's own and a worker thread with its own resolver
 * (resolve/resolve-worker.ts). Both take chunks from one queue, so a worker that starts late or runs slow takes
 * fewer; the main thread yields between its chunks so that the worker's answers are heard.
 *
 * Below PARALLEL_MIN spellings the worker is not started: it becomes ready 1.6–2.5 s after it is asked for (its
 * loader, the pack and the resolver's index; load 2.6–3.6 on this 2-core machine), and it takes the main thread's
 * CPU meanwhile. On the 1M demo's 31,851 spellings (about 2 s on one thread) two threads were slower at load
 * 2.6–3.6; on the 10M demo's 129,171 (about 10 s), 13.6 s against 10.7 (load 4.3) and 7.2 s against 9.8 (load
 * 3.4). A worker that fails leaves its chunk to the main thread: the answers are the same, only later.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Pack } from '../../geo/pack.ts';
import { workerExecArgv } from '../worker-exec-argv.ts';
import type { CityResolution, CityResolver } from './city-resolver.ts';

/** What a worker needs to build the same resolver: the pack's code and the work folder with its match keys. */
export interface ResolveJob {
  pack: Pack['code'];
  workDir: string;
}

export const PARALLEL_MIN = 50_000;
const CHUNK = 500;

export async function resolveInParallel(inputs: readonly string[], resolver: CityResolver, job: ResolveJob, minInputs = PARALLEL_MIN): Promise<Map<string, CityResolution>> {
  const answers = new Map<string, CityResolution>();
  let next = 0;
  const take = (): string[] => inputs.slice(next, (next = Math.min(inputs.length, next + CHUNK)));
  let sent: string[] = [];
  let worker: Worker | null = null;
  let finished = (): void => undefined;
  const workerDone = new Promise<void>((resolve) => (finished = resolve));
  if (inputs.length >= minInputs && availableParallelism() > 1) {
    try {
      worker = new Worker(new URL('./resolve-worker.mjs', import.meta.url), { workerData: job, execArgv: workerExecArgv() });
      worker.on('message', (message: 'ready' | CityResolution[]) => {
        if (message !== 'ready') message.forEach((answer, i) => answers.set(sent[i], answer));
        sent = take();
        if (sent.length > 0) worker!.postMessage(sent);
        else finished();
      });
      worker.on('error', () => finished());
      worker.on('exit', () => finished());
    } catch {
      worker = null;
    }
  }
  while (next < inputs.length) {
    for (const input of take()) answers.set(input, resolver.resolve(input));
    if (worker) await new Promise((resolve) => setImmediate(resolve));
  }
  // Wait only for a chunk the worker holds; one still starting is not waited for.
  if (worker && sent.length > 0) await workerDone;
  await worker?.terminate();
  for (const input of sent) if (!answers.has(input)) answers.set(input, resolver.resolve(input));
  return answers;
}
