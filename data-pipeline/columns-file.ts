/**
 * A file of a small JSON header, a JSON body, then int32 columns: a build's sums in its state (`state/sums.bin`,
 * state/kept-sums.ts) and the city resolver's image (resolve/resolver-image.ts). Each kind names its own format
 * number, which a reader requires: a file of another format, or not of the length its header says, reads as none.
 *
 * The sums' header is read at once (what decides whether they can be used); their body and columns are read on
 * libuv's threads and parsed when they arrive, which is while DuckDB reads the new rows: on the 1M demo they are
 * 1.7 MB of spellings and 27 MB of cells, about 0.35 s of this thread's time read and parsed at once.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { open, type FileHandle } from 'node:fs/promises';

export interface ColumnsFile<H, B> {
  header: H;
  body: B;
  columns: Int32Array[];
}

/** A file as read: its header, and its body and columns as they come in. */
export interface LoadingColumnsFile<H, B> {
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

/** The file's bytes, in parts: the columns are not copied. */
function fileParts<H, B>(format: number, { header, body, columns }: ColumnsFile<H, B>): Uint8Array[] {
  const bodyText = Buffer.from(JSON.stringify(body), 'utf8');
  const head = Buffer.from(JSON.stringify({ format, header, bodyBytes: bodyText.length, lengths: columns.map((c) => c.length) } satisfies Head<H>), 'utf8');
  const prefix = Buffer.alloc(4 + padded(head.length), 0x20);
  prefix.writeUInt32LE(padded(head.length), 0);
  head.copy(prefix, 4);
  return [prefix, bodyText, Buffer.alloc(padded(bodyText.length) - bodyText.length, 0x20), ...columns.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength))];
}

/**
 * Writes the file on libuv's threads: the kernel's copy of the columns (27 MB for the 1M demo's sums, 85–90 ms) is
 * left off this thread. The columns must not change until it resolves.
 */
export async function writeColumnsFile<H, B>(path: string, format: number, content: ColumnsFile<H, B>): Promise<void> {
  // The columns written from where they are: one buffer of them all cost a copy of 29 MB into fresh pages (the
  // 1M demo's sums), 0.12 s of the build.
  const parts = fileParts(format, content);
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

/**
 * Writes the file at once, under a temporary name first (one per thread: the parallel resolver's workers share the
 * process): a process stopped halfway leaves no file cut short, and a write that fails leaves no temporary file.
 */
export function writeColumnsFileSync<H, B>(path: string, format: number, content: ColumnsFile<H, B>): void {
  const temporary = `${path}.${process.pid}.${threadId}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat(fileParts(format, content)));
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}

/** The head of a file's bytes, or null when it is not of this format or not of the length it says. */
function headOf<H>(bytes: Uint8Array, size: number, format: number): (Head<H> & { bodyAt: number }) | null {
  const headBytes = Buffer.from(bytes.buffer, bytes.byteOffset, 4).readUInt32LE(0);
  const head = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, headBytes).toString('utf8')) as Head<H>;
  if (head.format !== format) return null;
  const bodyAt = 4 + headBytes;
  if (size !== bodyAt + padded(head.bodyBytes) + head.lengths.reduce((a, n) => a + 4 * n, 0)) return null;
  return { ...head, bodyAt };
}

/** The whole file, read at once, or null when it is missing, unreadable, of another format or cut short. */
export function readColumnsFileSync<H, B>(path: string, format: number): ColumnsFile<H, B> | null {
  try {
    const bytes = readFileSync(path);
    const head = headOf<H>(bytes, bytes.byteLength, format);
    if (!head) return null;
    const body = JSON.parse(bytes.toString('utf8', head.bodyAt, head.bodyAt + head.bodyBytes)) as B;
    let at = bytes.byteOffset + head.bodyAt + padded(head.bodyBytes);
    const columns = head.lengths.map((n) => {
      // A view of the file's buffer where it is aligned (readFileSync gives a file this size a buffer of its own).
      const column = at % 4 === 0 ? new Int32Array(bytes.buffer, at, n) : new Int32Array(bytes.buffer.slice(at, at + 4 * n));
      at += 4 * n;
      return column;
    });
    return { header: head.header, body, columns };
  } catch {
    return null;
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
export function readColumnsFile<H, B>(path: string, format: number, room = 0): LoadingColumnsFile<H, B> | null {
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
    const start = new Uint8Array(4 + headBytes);
    readFully(fd, start, 0);
    const head = headOf<H>(start, size, format);
    if (!head) return null;
    const rest = readRest<B>(path, head.bodyAt, head, room);
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
