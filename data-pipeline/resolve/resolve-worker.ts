/**
 * A worker thread's city resolver (resolve/parallel-resolve.ts): the same pack and match keys as the build's
 * own resolver, so it answers every spelling as the build would. Says `ready` once built, then answers each
 * chunk of spellings it is sent, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadPack } from '../../geo/pack.ts';
import { createCachedCityResolver } from './resolver-image.ts';
import type { ResolveJob } from './parallel-resolve.ts';

const job = workerData as ResolveJob;
const resolver = createCachedCityResolver(loadPack(job.pack), job.workDir);
parentPort!.on('message', (inputs: string[]) => parentPort!.postMessage(inputs.map((input) => resolver.resolve(input))));
parentPort!.postMessage('ready');
