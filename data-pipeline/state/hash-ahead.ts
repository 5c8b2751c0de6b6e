/**
 * The CSV files a build with a state hashes (csv-growth.ts), hashed ahead on a worker thread from when the config is
 * read, cut where the last build's watermarks say, while this thread loads the pack, the state and the last build's
 * sums: a `build` process adding 10,000 rows to the 1M demo read and hashed 263 MB (registrations and delivery log)
 * on this thread, about 0.4 s of its critical path, with DuckDB idle.
 *
 * A worker's hash is used only when `stat` says the file is as it was when the worker began (file-hashes.ts's
 * identity: device, inode, size, modification and change times) and it was cut where the build now asks; anything
 * else is hashed again, here, when asked for. A worker that fails costs only that.
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { csvGrowth, growthOf, type CsvGrowth, type CsvMark } from './csv-growth.ts';
import { identity, type FileHashes } from './file-hashes.ts';
import type { FileHash } from './hash-file.mjs';

interface Job {
  identity: string;
  cut: number | null;
  readStartNs: bigint;
  hash: Promise<FileHash | null>;
}

type Reply = { id: number; hash: FileHash } | { id: number; error: string };

export class HashAhead {
  private readonly jobs = new Map<string, Job>();
  private readonly waiting = new Map<number, (hash: FileHash | null) => void>();
  private worker: Worker | null = null;
  private nextId = 0;

  /** Starts hashing `path` as csvGrowth would against `previous`; nothing for a file `hashes` knows unchanged. */
  start(path: string, previous: CsvMark | null, hashes?: FileHashes): void {
    let stat;
    try {
      stat = statSync(path, { bigint: true });
    } catch {
      return; // the reader names a missing file
    }
    if (hashes?.unchanged(path, stat)) return;
    const worker = this.started();
    if (!worker) return;
    const id = this.nextId++;
    const cut = previous?.size ?? null;
    const hash = new Promise<FileHash | null>((resolve) => this.waiting.set(id, resolve));
    this.jobs.set(path, { identity: identity(stat), cut, readStartNs: BigInt(Date.now()) * 1_000_000n, hash });
    worker.postMessage({ id, path, size: Number(stat.size), cut });
  }

  /** csvGrowth(path, previous, hashes), from the worker's hash when it is of the file as it is now. */
  async growth(path: string, previous: CsvMark | null, hashes?: FileHashes): Promise<CsvGrowth> {
    const job = this.jobs.get(path);
    if (job && job.cut === (previous?.size ?? null)) {
      const hash = await job.hash;
      const stat = statSync(path, { bigint: true });
      if (hash && identity(stat) === job.identity) {
        const growth = growthOf(hash, Number(stat.size), previous);
        hashes?.remember(path, stat, { ...growth, from: 0 }, job.readStartNs);
        return growth;
      }
    }
    return csvGrowth(path, previous, hashes);
  }

  /** Stops the worker (a build's `finally`); hashes still awaited come back as null, to be taken again here. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.settleAll();
    await worker?.terminate();
  }

  private started(): Worker | null {
    if (this.worker) return this.worker;
    try {
      // No TypeScript loader: the worker is plain JavaScript, ready in milliseconds.
      const worker = new Worker(new URL('./hash-worker.mjs', import.meta.url), { execArgv: [] });
      worker.on('message', (reply: Reply) => {
        this.waiting.get(reply.id)?.('hash' in reply ? reply.hash : null);
        this.waiting.delete(reply.id);
      });
      worker.on('error', () => this.settleAll());
      worker.on('exit', () => this.settleAll());
      this.worker = worker;
      return worker;
    } catch {
      return null;
    }
  }

  private settleAll(): void {
    for (const resolve of this.waiting.values()) resolve(null);
    this.waiting.clear();
  }
}
