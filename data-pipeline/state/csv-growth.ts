/**
 * Has a CSV file only grown since the last run? Yes when it is at least as long as it was, its first `size`
 * bytes hash (SHA-256) to what they hashed to then, and they ended with a line break (a row cut off mid-write
 * would otherwise be read as two). Anything else — an edit, a truncation, a rewrite — is a full re-read.
 * One pass over the file: the prefix's digest is taken from a copy of the running hash.
 */
import { statSync } from 'node:fs';
import type { FileHashes } from './file-hashes.ts';
import { hashFile, type FileHash } from './hash-file.mjs';

export interface CsvMark {
  /** Bytes read, hashed and accounted for. */
  size: number;
  sha256: string;
  /** Whether those bytes end with "\n". */
  endsWithNewline: boolean;
  /** Data rows in them (header excluded). */
  rows: number;
}

/** Read [from, size): `from` = 0 is the whole file. */
export interface CsvGrowth {
  from: number;
  size: number;
  sha256: string;
  endsWithNewline: boolean;
}

/**
 * `hashes`: what this process hashed before (file-hashes.ts); a file unchanged since, and as the last build left
 * it, is not read again.
 */
export function csvGrowth(path: string, previous: CsvMark | null, hashes?: FileHashes): CsvGrowth {
  const readStartNs = BigInt(Date.now()) * 1_000_000n;
  const stat = statSync(path, { bigint: true });
  const known = hashes?.unchanged(path, stat);
  if (known && (!previous || (previous.size === known.size && previous.sha256 === known.sha256))) return { ...known, from: previous ? known.size : 0 };
  const size = Number(stat.size);
  const growth = growthOf(hashFile(path, size, previous?.size ?? null), size, previous);
  hashes?.remember(path, stat, { ...growth, from: 0 }, readStartNs);
  return growth;
}

/** What `hash` (of a file's first `size` bytes, cut at `previous.size`) says of the file against `previous`. */
export function growthOf(hash: FileHash, size: number, previous: CsvMark | null): CsvGrowth {
  const { sha256, prefix, last, beforeCut } = hash;
  // The same bytes are unchanged whatever they end with, as FileHashes' shortcut above says too (had this said
  // "read it all", a refused file's two readers would have disagreed on whether it changed).
  const same = previous !== null && previous.size === size && previous.sha256 === sha256;
  const grew = previous !== null && prefix === previous.sha256 && previous.size <= size && (previous.size === 0 || (previous.endsWithNewline && beforeCut === 0x0a));
  return { from: same || grew ? previous!.size : 0, size, sha256, endsWithNewline: last === 0x0a };
}
