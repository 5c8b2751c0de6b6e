/**
 * Which folder a build may replace. Publishing swaps a whole folder, so pointing `--out` at the wrong one would
 * delete it: the config's folder (the campaign's raw exports), the work folder (rejects, the send ledger), a home
 * folder or `/`. A folder is replaced only when Tallyboard itself published it (its marker file, or a manifest in
 * the cube format from before markers existed), or when it is absent or empty.
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, parse, relative, resolve } from 'node:path';
import { FORMAT_NAME } from '../../shared/cube/format.ts';

/** Written into every published folder: the proof that a later build may replace it. */
export const PUBLISH_MARKER = '.tallyboard-published';

export class PublishTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishTargetError';
  }
}

export interface Protected {
  configFile: string;
  workDir: string;
  /** Raw input files (sources, headquarters, events, deliveries): a publish must never contain or replace them. */
  inputs: string[];
  /** Folders published separately (the full set, for the public profile): neither may hold the other. */
  apart?: string[];
}

/** `inner` is `outer` or lies below it. */
function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function publishedByUs(dir: string): boolean {
  if (existsSync(resolve(dir, PUBLISH_MARKER))) return true;
  try {
    return (JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as { format?: string }).format === FORMAT_NAME;
  } catch {
    return false;
  }
}

/** Throws PublishTargetError, naming the reason and the fix, unless `out` may be (re)published. */
export function checkPublishTarget(outDir: string, guard: Protected): void {
  const out = resolve(outDir);
  const work = resolve(guard.workDir);
  const configDir = dirname(resolve(guard.configFile));
  const refuse = (why: string): never => {
    throw new PublishTargetError(`--out ${out}: ${why}; publish into a folder of its own (e.g. ${resolve(configDir, '..', 'static', 'data')})`);
  };
  if (out === parse(out).root) refuse('is the file system root');
  if (out === resolve(homedir())) refuse('is the home folder');
  if (within(configDir, out)) refuse(`would replace the folder that holds the campaign config (${guard.configFile})`);
  if (within(work, out)) refuse(`would replace the work folder ${work}, whose files must never be published`);
  if (within(out, work)) refuse(`lies inside the work folder ${work}, which holds private files`);
  for (const input of guard.inputs) if (within(resolve(input), out)) refuse(`would replace the input file ${input}`);
  for (const other of guard.apart ?? []) if (within(out, resolve(other)) || within(resolve(other), out)) refuse(`overlaps ${other}, which is published separately`);
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) refuse('is a file, not a folder');
    if (readdirSync(out).length > 0 && !publishedByUs(out)) {
      refuse(`holds files Tallyboard did not publish (no ${PUBLISH_MARKER}); empty it or choose another folder`);
    }
  }
  // The swap creates and renames folders in the parent: checked now, not after the whole build has run.
  let parent = dirname(out);
  while (!existsSync(parent)) parent = dirname(parent);
  try {
    accessSync(parent, constants.W_OK);
  } catch {
    refuse(`cannot be written: no write permission on ${parent}`);
  }
}
