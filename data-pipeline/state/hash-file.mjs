// A file's first `size` bytes hashed (SHA-256) in one pass, with the digest of its first `cut` bytes taken from a
// copy of the running hash (csv-growth.ts). Plain JavaScript so that a worker thread runs it without a TypeScript
// loader (state/hash-worker.mjs starts in milliseconds; one that registers tsx took about a second).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read at a time: synchronous reads into one buffer hash the 1M demo's 170 MB file about twice as fast as a stream. */
const BLOCK = 8 << 20;

/**
 * @typedef {object} FileHash
 * @property {string} sha256 of the first `size` bytes
 * @property {string | null} prefix of the first `cut` bytes (null: no cut, or the file is shorter)
 * @property {number} last the last byte hashed (-1: none)
 * @property {number} beforeCut the byte before the cut (-1: none)
 */

/**
 * @param {string} path
 * @param {number} size
 * @param {number | null} cut
 * @returns {FileHash}
 */
export function hashFile(path, size, cut) {
  const hash = createHash('sha256');
  let prefix = cut === 0 ? hash.copy().digest('hex') : null;
  let at = 0;
  let last = -1;
  let beforeCut = -1;
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(BLOCK, Math.max(size, 1)));
    while (at < size) {
      const chunk = buffer.subarray(0, readSync(fd, buffer, 0, Math.min(buffer.length, size - at), at));
      if (chunk.length === 0) break;
      if (cut !== null && prefix === null && at + chunk.length >= cut) {
        const within = cut - at;
        hash.update(chunk.subarray(0, within));
        prefix = hash.copy().digest('hex');
        beforeCut = within > 0 ? chunk[within - 1] : last;
        hash.update(chunk.subarray(within));
      } else hash.update(chunk);
      last = chunk[chunk.length - 1];
      at += chunk.length;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), prefix, last, beforeCut };
}
