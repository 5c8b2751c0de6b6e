/**
 * The last step of a build: a complete staged folder replaces the published one. Readers see the old set or the
 * new one, never a mix: the new set is written beside the target (`DIR.tmp-<pid>`), the old one is renamed aside
 * (`DIR.old-<pid>`), the new one renamed into place, the old one removed. Observable Framework's loaders do the
 * same (write to a temporary file, then rename).
 *
 * A crash leaves at most these leftovers; the next publish into DIR cleans them: a staged folder of a dead process
 * is removed, and an old set whose swap was cut between the two renames (DIR missing, `DIR.old-<pid>` present) is
 * renamed back first, so there is always a published folder to fall back to.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { processAlive } from '../process-alive.ts';
import { PUBLISH_MARKER } from './publish-target.ts';

const LEFTOVER = /^(.*)\.(tmp|old)-(\d+)$/;

/** Cleans what crashed publishes into `target` left behind; returns one line per thing it did. */
export function recoverInterruptedPublish(target: string): string[] {
  const dir = dirname(resolve(target));
  const name = basename(resolve(target));
  if (!existsSync(dir)) return [];
  const done: string[] = [];
  const leftovers = readdirSync(dir)
    .map((f) => LEFTOVER.exec(f))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === name && !processAlive(Number(m[3])));
  for (const [file, , kind] of leftovers) {
    const path = join(dir, file);
    if (kind === 'old' && !existsSync(resolve(target))) {
      renameSync(path, resolve(target));
      done.push(`restored ${target} from ${file} (a publish was interrupted mid-swap)`);
    } else {
      rmSync(path, { recursive: true, force: true });
      done.push(`removed ${file} (left by an interrupted publish)`);
    }
  }
  return done;
}

/** A folder, beside the target, to write the new set into. */
export function stagingFolder(target: string): string {
  const staged = join(dirname(resolve(target)), `${basename(resolve(target))}.tmp-${process.pid}`);
  rmSync(staged, { recursive: true, force: true });
  mkdirSync(staged, { recursive: true });
  return staged;
}

/** Replaces `target` with the complete `staged` folder (see the header); `staged` is consumed. */
export function swapIntoPlace(staged: string, target: string, generatedAt: string): void {
  const out = resolve(target);
  writeFileSync(join(staged, PUBLISH_MARKER), JSON.stringify({ publishedBy: 'tallyboard', generatedAt }) + '\n');
  const old = join(dirname(out), `${basename(out)}.old-${process.pid}`);
  const hadOld = existsSync(out);
  if (hadOld) {
    rmSync(old, { recursive: true, force: true });
    renameSync(out, old);
  }
  try {
    renameSync(staged, out);
  } catch (e) {
    if (hadOld) renameSync(old, out);
    rmSync(staged, { recursive: true, force: true });
    throw e;
  }
  if (hadOld) rmSync(old, { recursive: true, force: true });
}
