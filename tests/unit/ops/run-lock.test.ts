import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireRunLock, LockedError } from '../../../data-pipeline/run-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'tb-lock-'));

describe('acquireRunLock', () => {
  it('lets one run in and tells the second who holds the lock', () => {
    const file = join(dir, 'a.lock');
    const lock = acquireRunLock(file, 'build into out');
    expect(() => acquireRunLock(file, 'build into out')).toThrow(LockedError);
    expect(() => acquireRunLock(file, 'build into out')).toThrow(new RegExp(`pid ${process.pid}`));
    lock.release();
    expect(existsSync(file)).toBe(false);
    acquireRunLock(file, 'build into out').release();
  });

  it('takes over a lock whose owner process is gone', () => {
    const file = join(dir, 'stale.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(file, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), startedAt: '2020-01-01T00:00:00Z', what: 'old build' }));
    const lock = acquireRunLock(file, 'new build');
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('leaves no exit listener behind once released: a long-lived process takes the lock once a build', () => {
    const file = join(dir, 'many.lock');
    const before = process.listenerCount('exit');
    const held = acquireRunLock(file, 'build');
    expect(process.listenerCount('exit')).toBe(before + 1);
    held.release();
    for (let build = 0; build < 20; build++) acquireRunLock(file, 'build').release();
    expect(process.listenerCount('exit')).toBe(before);
  });

  it('takes over a half-written lock file', () => {
    const file = join(dir, 'torn.lock');
    writeFileSync(file, '{"pid": 12');
    acquireRunLock(file, 'build').release();
  });
});
