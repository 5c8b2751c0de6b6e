/**
 * The file that keeps a build's sums in its state (`state/sums.bin`, kept-sums.ts), so that a `build` process —
 * cron's, or `watch`'s first after a restart — takes them over as a long-lived process takes its own: a JSON
 * header, then int32 columns. Written into the build's copy of the state and put in place with it (build-state.ts),
 * so the sums always belong to the state beside them; the header names that state's id all the same.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** Bump when the header's fields or the columns' order change: an older file is then ignored. */
const FORMAT = 1;

export interface SumsFile<H> {
  header: H;
  columns: Int32Array[];
}

export function writeSumsFile<H>(path: string, { header, columns }: SumsFile<H>): void {
  const head = Buffer.from(JSON.stringify({ format: FORMAT, header, lengths: columns.map((c) => c.length) }), 'utf8');
  const headBytes = (head.length + 3) & ~3;
  const prefix = Buffer.alloc(4 + headBytes, 0x20);
  prefix.writeUInt32LE(headBytes, 0);
  head.copy(prefix, 4);
  writeFileSync(path, Buffer.concat([prefix, ...columns.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))]));
}

/** The file's header and columns, or null when it is missing, of another format or cut short. */
export function readSumsFile<H>(path: string): SumsFile<H> | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return null;
  }
  try {
    const headBytes = bytes.readUInt32LE(0);
    const head = JSON.parse(bytes.subarray(4, 4 + headBytes).toString('utf8')) as { format: number; header: H; lengths: number[] };
    if (head.format !== FORMAT) return null;
    // One aligned copy of the columns (the file's bytes may sit at any offset of a pooled buffer).
    const body = new Int32Array(head.lengths.reduce((a, b) => a + b, 0));
    const from = 4 + headBytes;
    if (bytes.length !== from + body.byteLength) return null;
    new Uint8Array(body.buffer).set(bytes.subarray(from));
    let at = 0;
    const columns = head.lengths.map((n) => body.subarray(at, (at += n)));
    return { header: head.header, columns };
  } catch {
    return null;
  }
}
