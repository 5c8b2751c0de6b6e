/**
 * One run at a time per folder: two builds publishing into the same folder, or two `report --send` walking the same
 * recipients, would race (a half-swapped publish, each recipient mailed twice). A lock is a file created with O_EXCL
 * holding the owner's pid, host and start time. A lock whose owner process is gone (killed, crashed) is taken over,
 * so a crash never needs a human to delete a file; a live owner gets a clear message naming it.
 */
import { processAlive } from './process-alive.ts';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

export class LockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockedError';
  }
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  what: string;
}

export interface RunLock {
  readonly file: string;
  release(): void;
}

function ownerAlive(owner: LockOwner): boolean {
  // A lock from another machine (a shared folder) cannot be checked from here: it is assumed alive.
  return owner.host !== hostname() || processAlive(owner.pid);
}

function readOwner(file: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return null; // unreadable or half-written: treated as stale below
  }
}

/** Takes the lock at `file` for `what` ("build into static/data"), or throws LockedError naming the owner. */
export function acquireRunLock(file: string, what: string): RunLock {
  mkdirSync(dirname(file), { recursive: true });
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), what };
  for (let tries = 0; tries < 3; tries++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readOwner(file);
      if (owner && ownerAlive(owner)) {
        throw new LockedError(`${what}: another run holds ${file} (${owner.what}, pid ${owner.pid} on ${owner.host}, since ${owner.startedAt}); wait for it to finish`);
      }
      rmSync(file, { force: true }); // its owner is gone: the lock is stale
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      // A long-lived process (`watch`) takes the lock once a build: a listener left behind each time would pile up.
      process.removeListener('exit', release);
      if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
    };
    process.once('exit', release);
    return { file, release };
  }
  throw new LockedError(`${what}: could not take ${file}`);
}
