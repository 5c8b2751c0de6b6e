/**
 * Streaming CSV reading: a file stream read as bytes and tokenized in byte mode for UTF-8 (cells decoded only when
 * used, see CsvTokenizer.pushBytes), or decoded to text by iconv-lite decodeStream for other encodings;
 * BOM stripped, split into rows by CsvTokenizer (quoted newlines, doubled quotes, custom one-character delimiter),
 * one chunk (1 MB) in memory at a time.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { FatalInputError } from '../../fatal-input-error.ts';
import { CsvTokenizer, MAX_ROW_CHARS, OVERLONG_ROW } from './tokenizer.ts';

export interface CsvOptions {
  encoding?: string;
  delimiter?: string;
  /** See CsvTokenizer.onHeader: which columns to skip, decided from the header. */
  onHeader?: (header: string[]) => boolean[];
}

/** Whether a profile's encoding is UTF-8 (the default when it names none). */
export const isUtf8 = (e: string | undefined): boolean => !e || /^utf-?8$/i.test(e);

/** Bytes (UTF-8) or characters (other encodings) tokenized per batch of rows (see csvRowBatches). */
const SLICE_BYTES = 1 << 16;

/** Opens a CSV file and yields its header, then every row as an array of cells. */
export async function* csvRows(path: string, options: CsvOptions = {}): AsyncGenerator<string[]> {
  for await (const batch of csvRowBatches(path, options)) yield* batch;
}

/** Like csvRows, in arrays of rows (one per 64 KB of input read; the first holds the header). */
export async function* csvRowBatches(path: string, options: CsvOptions = {}): AsyncGenerator<string[][]> {
  if (!existsSync(path) || !statSync(path).isFile()) throw new FatalInputError(`${path}: file not found`);
  const encoding = options.encoding;
  if (!isUtf8(encoding) && !iconv.encodingExists(encoding!)) throw new FatalInputError(`${path}: unknown text encoding "${encoding}"`);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const input = (isUtf8(encoding) ? file : file.pipe(iconv.decodeStream(encoding!, { stripBOM: true }))) as Readable;
  const utf8 = isUtf8(encoding);
  file.on('error', (e) => input.destroy(e));
  let tokenizer: CsvTokenizer;
  try {
    tokenizer = new CsvTokenizer(options.delimiter ?? ',');
    tokenizer.onHeader = options.onHeader;
  } catch (e) {
    file.destroy();
    throw new FatalInputError(`${path}: ${(e as Error).message}`);
  }
  let first = true;
  try {
    for await (const chunk of input as AsyncIterable<string | Buffer>) {
      if (utf8) {
        let bytes = chunk as Buffer;
        if (first && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
        // (A BOM split across the first two reads is not possible: the first read is 1 MB unless the file is shorter.)
        first = false;
        // Tokenized and yielded in 64 KB slices: the rows of one slice (~1,000) are used and dropped before the
        // next is made, so they die young (cheap scavenges) instead of a whole 1 MB chunk's ~20,000 row arrays
        // outliving a scavenge and being promoted to the old generation (measured: GC was 45% of the deliveries
        // worker's time and 13% of the main thread's with 1 MB batches).
        for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
          const part: string[][] = [];
          tokenizer.pushBytes(bytes.subarray(at, Math.min(bytes.length, at + SLICE_BYTES)), part);
          if (part.length > 0) yield part;
        }
      } else {
        let text = chunk as string;
        if (first) {
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          first = false;
        }
        // Decoded text: 64K-character slices, for the same reason as above.
        for (let at = 0; at < text.length; at += SLICE_BYTES) {
          const part: string[][] = [];
          tokenizer.push(at === 0 && text.length <= SLICE_BYTES ? text : text.slice(at, at + SLICE_BYTES), part);
          if (part.length > 0) yield part;
        }
      }
    }
    const rows: string[][] = [];
    tokenizer.end(rows);
    if (rows.length > 0) yield rows;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err instanceof FatalInputError) throw new FatalInputError(`${path}: ${err.message}`);
    throw new FatalInputError(`${path}: cannot read (${err.code ?? err.message})`);
  } finally {
    file.destroy();
  }
}

/**
 * Reads a small reference CSV (headquarters, events, deliveries) as objects keyed by header name.
 * A missing required column is fatal, naming the file and the column.
 */
export async function* csvObjects(path: string, required: readonly string[], options: CsvOptions = {}): AsyncGenerator<{ row: number; values: Record<string, string> }> {
  let header: string[] | undefined;
  let row = 0;
  for await (const cells of csvRows(path, options)) {
    if (!header) {
      header = cells.map((c) => c.trim());
      for (const col of required) if (!header.includes(col)) throw new FatalInputError(`${path}: missing required column "${col}"`);
      continue;
    }
    row++;
    // Reference files (headquarters, events) are small and hand-kept: a runaway row there is a broken file.
    if (cells === OVERLONG_ROW) throw new FatalInputError(`${path}: row ${row}: longer than ${MAX_ROW_CHARS} characters (a quote never closed?)`);
    const values: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) values[header[i]] = (cells[i] ?? '').trim();
    yield { row, values };
  }
  if (!header) throw new FatalInputError(`${path}: empty file (no header row)`);
}
