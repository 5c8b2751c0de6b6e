/**
 * Columnar codec for cube files. Shared by the pipeline (encode) and the browser and report (decode).
 *
 * Layout of the raw bytes (the published file is these bytes gzip-compressed):
 *   "TBC1" | u32 LE header length | header JSON (UTF-8) | column blocks
 * Each column is stored as unsigned integers of the smallest width that fits (1, 2 or 4 bytes), zigzag-encoded,
 * optionally delta-encoded against the previous row, and split into byte planes (all low bytes, then the next…).
 * Delta + byte planes turn sorted hours and small counts into long runs of equal bytes, which is what gzip
 * compresses best; this is why the cube stays under a megabyte without a custom compressor.
 */
import type { ColumnTable } from './format';
import { readStream } from './read-stream';

const MAGIC = 'TBC1';

type Encoding = 'plain' | 'delta';
type Width = 1 | 2 | 4;

interface ColumnHeader {
  name: string;
  encoding: Encoding;
  width: Width;
}

interface TableHeader {
  rows: number;
  columns: ColumnHeader[];
}

export class CubeFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CubeFormatError';
  }
}

const zigzag = (v: number): number => ((v << 1) ^ (v >> 31)) >>> 0;
const unzigzag = (u: number): number => (u >>> 1) ^ -(u & 1);

function widthFor(max: number): Width {
  if (max < 0x100) return 1;
  if (max < 0x10000) return 2;
  return 4;
}

/**
 * The cheaper encoding of a column: the one whose stored values (zigzag of value or of delta) need fewer bytes,
 * then the smaller sum. One read-only pass measures both; only the chosen one is then written, into one array
 * that every column of a table reuses (two fresh arrays per column made the encoder allocate 26 MB per column
 * of the 10M cube).
 */
function chooseEncoding(values: Int32Array): { encoding: Encoding; width: Width } {
  const n = values.length;
  let prev = 0;
  let plainMax = 0;
  let deltaMax = 0;
  let plainMagnitude = 0;
  let deltaMagnitude = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const p = zigzag(v);
    const d = zigzag((v - prev) | 0);
    prev = v;
    if (p > plainMax) plainMax = p;
    if (d > deltaMax) deltaMax = d;
    plainMagnitude += p;
    deltaMagnitude += d;
  }
  const plainWidth = widthFor(plainMax);
  const deltaWidth = widthFor(deltaMax);
  const deltaWins = deltaWidth < plainWidth || (deltaWidth === plainWidth && deltaMagnitude < plainMagnitude);
  return deltaWins ? { encoding: 'delta', width: deltaWidth } : { encoding: 'plain', width: plainWidth };
}

/** Writes the column's stored values (zigzag of value or of delta) into `stored` (at least as long). */
function storedValues(values: Int32Array, encoding: Encoding, stored: Uint32Array): Uint32Array {
  const n = values.length;
  if (encoding === 'plain') for (let i = 0; i < n; i++) stored[i] = zigzag(values[i]);
  else {
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      stored[i] = zigzag((v - prev) | 0);
      prev = v;
    }
  }
  return stored.subarray(0, n);
}

/** The stored values' byte planes: all low bytes, then the next ones. */
function bytePlanes(stored: Uint32Array, width: Width): Uint8Array {
  const n = stored.length;
  const block = new Uint8Array(n * width);
  // Typed-array conversion keeps the low byte of each value: the first plane in one native copy.
  block.set(stored);
  for (let plane = 1; plane < width; plane++) {
    const shift = plane * 8;
    const base = plane * n;
    for (let i = 0; i < n; i++) block[base + i] = stored[i] >>> shift;
  }
  return block;
}

/**
 * A table's raw (uncompressed) encoding in pieces: the magic bytes and header first, then each column's block as
 * it is made — so that a compressor can work on one piece while the next is encoded. Column order is kept.
 */
export function* encodedPieces(table: ColumnTable): Generator<Uint8Array> {
  const names = Object.keys(table.columns);
  const headers: ColumnHeader[] = names.map((name) => {
    const values = table.columns[name];
    if (values.length !== table.rows) throw new CubeFormatError(`column "${name}" has ${values.length} values, expected ${table.rows}`);
    return { name, ...chooseEncoding(values) };
  });
  const header = new TextEncoder().encode(JSON.stringify({ rows: table.rows, columns: headers } satisfies TableHeader));
  const head = new Uint8Array(8 + header.length);
  head.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(head.buffer).setUint32(4, header.length, true);
  head.set(header, 8);
  yield head;
  const stored = new Uint32Array(table.rows);
  for (const { name, encoding, width } of headers) yield bytePlanes(storedValues(table.columns[name], encoding, stored), width);
}

/** Encodes a table to raw (uncompressed) bytes. Column order is kept. */
export function encodeTable(table: ColumnTable): Uint8Array {
  const pieces = [...encodedPieces(table)];
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}

function readHeader(bytes: Uint8Array): { header: TableHeader; offset: number } {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) {
    throw new CubeFormatError('not a Tallyboard cube file (bad magic bytes)');
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + length > bytes.length) throw new CubeFormatError('cube file is truncated (header)');
  let header: TableHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as TableHeader;
  } catch {
    throw new CubeFormatError('cube file header is not valid JSON');
  }
  if (!Number.isInteger(header.rows) || !Array.isArray(header.columns)) {
    throw new CubeFormatError('cube file header lacks rows or columns');
  }
  return { header, offset: 8 + length };
}

/**
 * Joins a column's byte planes into its stored (zigzagged) values. One loop per width, with no per-value branch
 * or inner loop: at a million rows decoding is a large part of the first load.
 */
function readPlanes(bytes: Uint8Array, offset: number, rows: number, width: Width): Int32Array {
  const out = new Int32Array(rows);
  if (width === 1) {
    out.set(bytes.subarray(offset, offset + rows));
  } else if (width === 2) {
    const hi = offset + rows;
    for (let i = 0; i < rows; i++) out[i] = bytes[offset + i] | (bytes[hi + i] << 8);
  } else {
    const p1 = offset + rows;
    const p2 = p1 + rows;
    const p3 = p2 + rows;
    for (let i = 0; i < rows; i++) out[i] = bytes[offset + i] | (bytes[p1 + i] << 8) | (bytes[p2 + i] << 16) | (bytes[p3 + i] << 24);
  }
  return out;
}

/** In place: stored values → values. `u` is read back as unsigned, the 32-bit pattern the encoder wrote. */
function undoZigzag(values: Int32Array): void {
  for (let i = 0; i < values.length; i++) values[i] = unzigzag(values[i] >>> 0);
}

function undoZigzagDelta(values: Int32Array): void {
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    prev = (prev + unzigzag(values[i] >>> 0)) | 0;
    values[i] = prev;
  }
}

/**
 * The row each row moves to for `keys` to ascend (stably: equal keys keep their file order), by counting sort,
 * written over `keys`, and the keys in that order, written out from the histogram (in order, where moving them
 * row by row would scatter them like every other column). Null, and `keys` left as they were, when they already
 * ascend, or span too wide a range for a histogram of about the column's own size: such rows stay in file order,
 * which every reader accepts.
 */
function rowOrder(keys: Int32Array): { to: Int32Array; sorted: Int32Array } | null {
  let min = Infinity;
  let max = -Infinity;
  let ascending = true;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] < min) min = keys[i];
    if (keys[i] > max) max = keys[i];
    if (i > 0 && keys[i] < keys[i - 1]) ascending = false;
  }
  if (ascending || max - min >= Math.max(keys.length, 1 << 20)) return null;
  const next = new Int32Array(max - min + 2);
  for (let i = 0; i < keys.length; i++) next[keys[i] - min + 1]++;
  for (let k = 1; k < next.length; k++) next[k] += next[k - 1];
  for (let i = 0; i < keys.length; i++) keys[i] = next[keys[i] - min]++;
  // Now next[k] is where the rows of key min + k end.
  const sorted = new Int32Array(keys.length);
  for (let k = 0, at = 0; k < next.length - 1; k++) {
    sorted.fill(min + k, at, next[k]);
    at = next[k];
  }
  return { to: keys, sorted };
}

/**
 * Like `readPlanes` and the zigzag and delta passes after it, in one pass that writes row i's value to row
 * `to[i]`. Delta sums still run in file order; `keep` zeroes the running sum of a plain column, so one loop per
 * width serves both encodings.
 */
function readColumnInto(bytes: Uint8Array, offset: number, rows: number, col: ColumnHeader, out: Int32Array, to: Int32Array): void {
  const keep = col.encoding === 'delta' ? -1 : 0;
  let prev = 0;
  if (col.width === 1) {
    for (let i = 0; i < rows; i++) {
      prev = ((prev & keep) + unzigzag(bytes[offset + i])) | 0;
      out[to[i]] = prev;
    }
  } else if (col.width === 2) {
    const hi = offset + rows;
    for (let i = 0; i < rows; i++) {
      prev = ((prev & keep) + unzigzag(bytes[offset + i] | (bytes[hi + i] << 8))) | 0;
      out[to[i]] = prev;
    }
  } else {
    const p1 = offset + rows;
    const p2 = p1 + rows;
    const p3 = p2 + rows;
    for (let i = 0; i < rows; i++) {
      prev = ((prev & keep) + unzigzag((bytes[offset + i] | (bytes[p1 + i] << 8) | (bytes[p2 + i] << 16) | (bytes[p3 + i] << 24)) >>> 0)) | 0;
      out[to[i]] = prev;
    }
  }
}

function readColumn(bytes: Uint8Array, offset: number, rows: number, col: ColumnHeader): Int32Array {
  const values = readPlanes(bytes, offset, rows, col.width);
  if (col.encoding === 'delta') undoZigzagDelta(values);
  else undoZigzag(values);
  return values;
}

/**
 * Decodes raw (uncompressed) bytes produced by `encodeTable`. With `orderBy`, the rows come out in ascending
 * order of that column, decoded straight into place: the pipeline orders rows for gzip, a reader may want them
 * in another. On the demo's 677k-row cube in Chromium, decoding then sorting took about 220 ms and this one pass
 * about 130 ms, the difference mostly the first touch of the memory for a second copy of the table.
 */
export function decodeTable(bytes: Uint8Array, orderBy?: string): ColumnTable {
  const { header, offset: start } = readHeader(bytes);
  const rows = header.rows;
  // The whole layout is checked before any column is read, since the order column is read first.
  const offsets: number[] = [];
  let offset = start;
  for (const col of header.columns) {
    if (col.width !== 1 && col.width !== 2 && col.width !== 4) throw new CubeFormatError(`column "${col.name}" has an unknown width ${String(col.width)}`);
    const size = rows * col.width;
    if (offset + size > bytes.length) throw new CubeFormatError(`cube file is truncated (column "${col.name}")`);
    offsets.push(offset);
    offset += size;
  }
  if (offset !== bytes.length) throw new CubeFormatError('cube file has trailing bytes');
  const key = header.columns.findIndex((col) => col.name === orderBy);
  const keys = key < 0 ? null : readColumn(bytes, offsets[key], rows, header.columns[key]);
  const order = keys && rowOrder(keys);
  const columns: Record<string, Int32Array> = {};
  header.columns.forEach((col, j) => {
    if (!order) {
      // Rows stay in file order: the order column as read (left as it was) serves as it is.
      columns[col.name] = j === key && keys ? keys : readColumn(bytes, offsets[j], rows, col);
      return;
    }
    if (j === key) {
      columns[col.name] = order.sorted;
      return;
    }
    const values = new Int32Array(rows);
    readColumnInto(bytes, offsets[j], rows, col, values, order.to);
    columns[col.name] = values;
  });
  return { rows, columns };
}

const isGzip = (bytes: Uint8Array): boolean => bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * Undoes the file's gzip with the platform's DecompressionStream (browsers and Node ≥ 18), so decoding needs no
 * server support. A server or CDN that already decoded it (Content-Encoding) hands over raw bytes: kept as they are.
 * The output goes into a buffer sized from the gzip trailer's ISIZE (the inflated length mod 2^32; it describes
 * only the last gzip member, which `readStream` tolerates).
 */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  // Shorter than a gzip header and trailer: no ISIZE to trust, and the decompressor reports the damage.
  const declared = bytes.length >= 18 ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4, true) : 0;
  // A stream of the one chunk rather than a Blob's: Chromium reads a Blob back through its blob storage, about
  // 15 ms slower for the 800 KB cube.
  const input = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(bytes as Uint8Array<ArrayBuffer>);
      controller.close();
    }
  });
  return readStream(input.pipeThrough(new DecompressionStream('gzip')), declared);
}

/** Decodes a published cube file (gzip-compressed or already inflated); `orderBy` as for `decodeTable`. */
export async function decodeCubeFile(bytes: Uint8Array, orderBy?: string): Promise<ColumnTable> {
  return decodeTable(await gunzip(bytes), orderBy);
}

/** Checks that a decoded table has the columns a reader needs, naming the first one missing. */
export function requireColumns(table: ColumnTable, names: readonly string[], file: string): void {
  for (const name of names) {
    if (!(name in table.columns)) throw new CubeFormatError(`${file}: column "${name}" is missing`);
  }
}
