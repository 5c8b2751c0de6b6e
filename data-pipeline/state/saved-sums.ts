/**
 * The file that keeps a build's sums in its state (`state/sums.bin`, kept-sums.ts), so that a `build` process —
 * cron's, or `watch`'s first after a restart — takes them over as a long-lived process takes its own: a small JSON
 * header, a JSON body, then int32 columns. Written into the build's copy of the state and put in place with it
 * (build-state.ts), so the sums always belong to the state beside them; the header names that state's id all the
 * same.
 *
 * The header is read at once (what decides whether the sums can be used); the body and the columns are read on
 * libuv's threads and parsed when they arrive, which is while DuckDB reads the new rows: on the 1M demo they are
 * 1.7 MB of spellings and 27 MB of cells, about 0.35 s of this thread's time read and parsed at once.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Bump when the layout, the header's fields or the columns' order change: an older file is then ignored. */
const FORMAT = 2;

export interface SumsFile<H, B> {
  header: H;
  body: B;
  columns: Int32Array[];
}

/** A sums file as read: its header, and its body and columns as they come in. */
export interface LoadedSums<H, B> {
  header: H;
  rest: Promise<{ body: B; columns: Int32Array[] }>;
}

/** The header as the file holds it: the caller's, and where the rest lies. */
interface Head<H> {
  format: number;
  header: H;
  bodyBytes: number;
  lengths: number[];
}

const padded = (n: number): number => (n + 3) & ~3;

/**
 * Writes the file on libuv's threads: the kernel's copy of the columns (27 MB for the 1M demo, 85–90 ms) is left
 * off this thread, which meanwhile reads the kept deliveries. The columns must not change until it resolves.
 */
export async function writeSumsFile<H, B>(path: string, { header, body, columns }: SumsFile<H, B>): Promise<void> {
  const bodyText = Buffer.from(JSON.stringify(body), 'utf8');
  const head = Buffer.from(JSON.stringify({ format: FORMAT, header, bodyBytes: bodyText.length, lengths: columns.map((c) => c.length) } satisfies Head<H>), 'utf8');
  const prefix = Buffer.alloc(4 + padded(head.length), 0x20);
  prefix.writeUInt32LE(padded(head.length), 0);
  head.copy(prefix, 4);
  // The columns written from where they are: one buffer of them all cost a copy of 29 MB into fresh pages (the
  // 1M demo's sums), 0.12 s of the build.
  const parts = [prefix, bodyText, Buffer.alloc(padded(bodyText.length) - bodyText.length, 0x20), ...columns.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength))];
  const file = await open(path, 'w');
  try {
    let { bytesWritten: written } = await file.writev(parts);
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
      const { bytesWritten: n } = await file.writev(rest);
      if (n === 0) throw new Error(`${path}: nothing written`);
      written += n;
    }
  } finally {
    await file.close();
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
 * its body and columns follow in `rest`. Each column is a view at the start of a buffer of its own, with room for
 * `room` times as many values again (the cell tables take them as they are, cube/cells.ts: a read of the whole
 * file, a copy of its columns and the tables' own copies cost three times the fresh pages).
 */
export function readSumsFile<H, B>(path: string, room = 0): LoadedSums<H, B> | null {
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
    const head = JSON.parse(Buffer.from(headText.buffer).toString('utf8')) as Head<H>;
    if (head.format !== FORMAT) return null;
    const bodyAt = 4 + headBytes;
    if (size !== bodyAt + padded(head.bodyBytes) + head.lengths.reduce((a, n) => a + 4 * n, 0)) return null;
    const rest = readRest<B>(path, bodyAt, head, room);
    // Awaited by the build that takes the sums over; one that fails first leaves it unheard.
    rest.catch(() => undefined);
    return { header: head.header, rest };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

async function readInto(file: FileHandle, bytes: Uint8Array, at: number, path: string): Promise<void> {
  for (let done = 0; done < bytes.byteLength; ) {
    const { bytesRead } = await file.read(bytes, done, bytes.byteLength - done, at + done);
    if (bytesRead === 0) throw new Error(`${path}: cut short`);
    done += bytesRead;
  }
}

async function readRest<B>(path: string, bodyAt: number, head: Head<unknown>, room: number): Promise<{ body: B; columns: Int32Array[] }> {
  const file = await open(path, 'r');
  try {
    const bodyText = new Uint8Array(head.bodyBytes);
    await readInto(file, bodyText, bodyAt, path);
    const columns: Int32Array[] = [];
    let at = bodyAt + padded(head.bodyBytes);
    for (const n of head.lengths) {
      const column = new Int32Array(n + Math.ceil(n * room)).subarray(0, n);
      await readInto(file, new Uint8Array(column.buffer, 0, 4 * n), at, path);
      at += 4 * n;
      columns.push(column);
    }
    return { body: JSON.parse(Buffer.from(bodyText.buffer).toString('utf8')) as B, columns };
  } finally {
    await file.close();
  }
}
