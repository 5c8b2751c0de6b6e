// Entry of the worker thread that hashes a build's CSV files ahead of their reading (state/hash-ahead.ts).
import { parentPort } from 'node:worker_threads';
import { hashFile } from './hash-file.mjs';

parentPort?.on('message', (/** @type {{ id: number; path: string; size: number; cut: number | null }} */ job) => {
  try {
    parentPort?.postMessage({ id: job.id, hash: hashFile(job.path, job.size, job.cut) });
  } catch (e) {
    parentPort?.postMessage({ id: job.id, error: String(e) });
  }
});
