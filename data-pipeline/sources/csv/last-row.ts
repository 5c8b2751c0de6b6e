import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const CHUNK = 64 << 10;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * Whether the file's last row (its last non-empty line, with the lines a quoted field carries on to) is longer than
 * `limit` bytes. Read backwards from the end, a line end starts the last row when an even number of quotes follows
 * it (a quoted field's quotes, escaped ones doubled, come in pairs): usually one 64 KB read, at most `limit` bytes
 * and one read more.
 */
export function lastRowLongerThan(path: string, limit: number): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(CHUNK, size));
    let end = -1;
    let quotes = 0;
    for (let to = size; to > 0; ) {
      const from = Math.max(0, to - CHUNK);
      readSync(fd, buf, 0, to - from, from);
      for (let i = to - from - 1; i >= 0; i--) {
        const b = buf[i];
        const at = from + i;
        if (end < 0) {
          if (b === LF || b === CR) continue;
          end = at + 1;
        }
        if (b === QUOTE) quotes ^= 1;
        else if (b === LF && quotes === 0) return end - (at + 1) > limit;
        if (end - at > limit) return true;
      }
      to = from;
    }
    return end > limit;
  } finally {
    closeSync(fd);
  }
}
