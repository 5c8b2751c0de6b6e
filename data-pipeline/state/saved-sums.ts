/**
 * The file that keeps a build's sums in its state (`state/sums.bin`, kept-sums.ts), so that a `build` process —
 * cron's, or `watch`'s first after a restart — takes them over as a long-lived process takes its own: a JSON
 * header, then int32 columns. Written into the build's copy of the state and put in place with it (build-state.ts),
 * so the sums always belong to the state beside them; the header names that state's id all the same.
 */
import { closeSync, fstatSync, openSync, readSync, writevSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Bump when the header's fields or the columns' order change: an older file is then ignored. */
const FORMAT = 1;

export interface SumsFile<H> {
  header: H;
  columns: Int32Array[];
}

/** A sums file as read: its header, and its columns as they come in. */
export interface LoadedSums<H> {
  header: H;
  columns: Promise<Int32Array[]>;
}

export function writeSumsFile<H>(path: string, { header, columns }: SumsFile<H>): void {
  const head = Buffer.from(JSON.stringify({ format: FORMAT, header, lengths: columns.map((c) => c.length) }), 'utf8');
  const headBytes = (head.length + 3) & ~3;
  const prefix = Buffer.alloc(4 + headBytes, 0x20);
  prefix.writeUInt32LE(headBytes, 0);
  head.copy(prefix, 4);
  // The columns written from where they are: one buffer of them all cost a copy of 29 MB into fresh pages (the
  // 1M demo's sums), 0.12 s of the build.
  const parts = [prefix, ...columns.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength))];
  const fd = openSync(path, 'w');
  try {
    let written = writevSync(fd, parts);
    // writev may stop short (a signal, a full disk's last bytes): the rest is written on.
    for (let total = parts.reduce((a, p) => a + p.byteLength, 0); written < total; ) {
      let skip = written;
      const rest: Uint8Array[] = [];
      for (const p of parts) {
        if (skip >= p.byteLength) skip -= p.byteLength;
        else {
          rest.push(p.subarray(skip));
          skip = 0;
        }
      }
      const n = writevSync(fd, rest);
      if (n === 0) throw new Error(`${path}: nothing written`);
      written += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads `length` bytes at `position` into `into` (from its start), or fails when the file has fewer. */
function readFully(fd: number, into: Uint8Array, position: number): void {
  for (let at = 0; at < into.byteLength; ) {
    const n = readSync(fd, into, at, into.byteLength - at, position + at);
    if (n === 0) throw new Error('cut short');
    at += n;
  }
}

/**
 * The file's header, or null when the file is missing, of another format or not of the length its header says;
 * its columns are read on libuv's threads meanwhile (29 MB for the 1M demo's sums: about 0.2 s of this thread's
 * time, the pages' first writes mostly, while DuckDB reads the new rows). Each column is a view at the start of a
 * buffer of its own, with room for `room` times as many values again.
 */
export function readSumsFile<H>(path: string, room = 0): LoadedSums<H> | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const length = new Uint8Array(4);
    readFully(fd, length, 0);
    const headBytes = Buffer.from(length.buffer).readUInt32LE(0);
    const headText = new Uint8Array(headBytes);
    readFully(fd, headText, 4);
    const head = JSON.parse(Buffer.from(headText.buffer).toString('utf8')) as { format: number; header: H; lengths: number[] };
    if (head.format !== FORMAT) return null;
    if (size !== 4 + headBytes + head.lengths.reduce((a, n) => a + 4 * n, 0)) return null;
    const columns = readColumns(path, 4 + headBytes, head.lengths, room);
    // Awaited by the build that takes the sums over; one that fails first leaves it unheard.
    columns.catch(() => undefined);
    return { header: head.header, columns };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Columns of these lengths from `from` on, each straight into a buffer of its own with room after it (the cell
 * tables take them as they are, cube/cells.ts): a read of the whole file, a copy of its columns and the tables'
 * own copies cost three times the fresh pages.
 */
async function readColumns(path: string, from: number, lengths: readonly number[], room: number): Promise<Int32Array[]> {
  const file = await open(path, 'r');
  try {
    const columns: Int32Array[] = [];
    let at = from;
    for (const n of lengths) {
      const column = new Int32Array(n + Math.ceil(n * room)).subarray(0, n);
      const bytes = new Uint8Array(column.buffer, 0, 4 * n);
      for (let done = 0; done < bytes.byteLength; ) {
        const { bytesRead } = await file.read(bytes, done, bytes.byteLength - done, at + done);
        if (bytesRead === 0) throw new Error(`${path}: cut short`);
        done += bytesRead;
      }
      at += 4 * n;
      columns.push(column);
    }
    return columns;
  } finally {
    await file.close();
  }
}
