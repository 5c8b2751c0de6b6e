/**
 * Streaming CSV reading: a file stream read as bytes and tokenized in byte mode for UTF-8 (cells decoded only when
 * used, see CsvTokenizer.pushBytes), or decoded to text by iconv-lite decodeStream for other encodings;
 * BOM stripped, split into rows by CsvTokenizer (quoted newlines, doubled quotes, custom one-character delimiter),
 * one chunk (1 MB) in memory at a time.
 *
 * `createCsvSource` turns a registrations export into RawRecords through a source profile: only the mapped
 * fields are copied out of each row, so personal columns (names, phones, e-mails…) never leave this file.
 * The `raw` text kept for rejects.csv is built lazily, only for rejected rows, with personal columns blanked.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { REGISTRATION_FIELDS, type RegistrationField, type SourceProfile } from '../config/campaign.ts';
import type { RawRecord, RegistrationSource } from './types.ts';

/** A problem that stops the build: one line naming the file, the row (if any) and the field or column. */
export class FatalInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FatalInputError';
  }
}

export interface CsvOptions {
  encoding?: string;
  delimiter?: string;
  /** See CsvTokenizer.onHeader: which columns to skip, decided from the header. */
  onHeader?: (header: string[]) => boolean[];
}

const isUtf8 = (e: string | undefined): boolean => !e || /^utf-?8$/i.test(e);

/**
 * Buffer's own latin1Slice / utf8Slice (what toString(encoding, start, end) ends up calling), without its
 * argument checks and encoding switch — called once per non-ASCII cell.
 */
type SliceBuffer = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };
const latin1 = (b: Buffer): string => (b as SliceBuffer).latin1Slice(0, b.length);
const utf8 = (b: Buffer, start: number, end: number): string => (b as SliceBuffer).utf8Slice(start, end);

/** Longest row (in characters) the reader buffers while looking for its end: guards against an unclosed quote. */
export const MAX_ROW_CHARS = 8 << 20;

/**
 * An RFC 4180 tokenizer over decoded text chunks: quoted fields with embedded delimiters, doubled quotes and
 * newlines; LF, CRLF or CR line ends; empty lines skipped; text after a closing quote kept (like csv-parse's
 * relax_quotes). Rows come out only once complete, so a row may span any number of chunks.
 * Measured ~5× faster than csv-parse on the 1M-row bench (it converts every field from a Buffer), which is what
 * keeps 1M rows under 20 s.
 */
export class CsvTokenizer {
  private rest = '';
  /** Byte mode (pushBytes): the unconsumed tail of the previous chunk, and the bytes behind the text being parsed. */
  private restBytes: Buffer | null = null;
  private bytes: Buffer | null = null;
  private readonly delim: number;
  private skip: boolean[] = [];
  /**
   * Called with the first row (the header); returns, per column, whether its cells are to be skipped: they come
   * out as '' without ever being materialised as strings — how personal columns are dropped right on read.
   */
  onHeader?: (header: string[]) => boolean[];
  private seenHeader = false;
  constructor(delimiter = ',') {
    if (delimiter.length !== 1) throw new FatalInputError(`CSV delimiter must be one character, got "${delimiter}"`);
    this.delim = delimiter.charCodeAt(0);
  }

  /** Parses complete rows of `text` (appended to what was left over) into `out`. */
  push(text: string, out: string[][]): void {
    const s = this.rest.length > 0 ? this.rest + text : text;
    const consumed = this.parse(s, out, false);
    this.rest = consumed < s.length ? s.slice(consumed) : '';
    if (this.rest.length > MAX_ROW_CHARS) throw new FatalInputError(`a row is longer than ${MAX_ROW_CHARS} characters (unclosed quote?)`);
  }

  /**
   * Byte mode, for UTF-8 input: parses complete rows of `chunk` (appended to the bytes left over). The bytes are
   * viewed as latin1 text — one character per byte, nearly free to make — so delimiters, quotes and line ends
   * (all ASCII, never part of a multi-byte UTF-8 sequence) are found at their byte offsets; a cell is decoded as
   * UTF-8 from the bytes only when it holds a non-ASCII byte (ASCII cells are the latin1 slice as is), and skipped
   * (personal) cells are never decoded at all. Same rows as push(new TextDecoder().decode(…)).
   */
  pushBytes(chunk: Buffer, out: string[][]): void {
    const b = this.restBytes ? Buffer.concat([this.restBytes, chunk]) : chunk;
    this.restBytes = null;
    this.bytes = b;
    try {
      const consumed = this.parse(latin1(b), out, false);
      // A copy: a view would keep the whole chunk alive.
      if (consumed < b.length) this.restBytes = Buffer.from(b.subarray(consumed));
    } finally {
      this.bytes = null;
    }
    if (this.restBytes && this.restBytes.length > MAX_ROW_CHARS) throw new FatalInputError(`a row is longer than ${MAX_ROW_CHARS} characters (unclosed quote?)`);
  }

  /** Flushes the last row (no trailing newline). Throws on an unclosed quote. */
  end(out: string[][]): void {
    if (this.restBytes) {
      const b = this.restBytes;
      this.restBytes = null;
      this.bytes = b;
      try {
        if (this.parse(latin1(b), out, true) < b.length) throw new FatalInputError('unclosed quote at the end of the file');
      } finally {
        this.bytes = null;
      }
      return;
    }
    if (this.rest.length === 0) return;
    const s = this.rest;
    this.rest = '';
    if (this.parse(s, out, true) < s.length) throw new FatalInputError('unclosed quote at the end of the file');
  }

  /** s.slice(i, k), decoded from the bytes (byte mode) when it holds a non-ASCII character. */
  private text(s: string, i: number, k: number): string {
    const b = this.bytes;
    if (b !== null) {
      for (let j = i; j < k; j++) if (s.charCodeAt(j) > 127) return utf8(b, i, k);
    }
    return s.slice(i, k);
  }

  /** Returns how many characters were consumed (the start of the first incomplete row). */
  private parse(s: string, out: string[][], final: boolean): number {
    const n = s.length;
    const D = this.delim;
    const bytes = this.bytes;
    let i = 0;
    let rowStart = 0;
    let skip = this.skip;
    while (i < n) {
      const c0 = s.charCodeAt(i);
      if (c0 === 10 || c0 === 13) {
        i++; // empty line
        rowStart = i;
        continue;
      }
      const row: string[] = [];
      let complete = false;
      for (;;) {
        // One field starting at i.
        let field: string;
        const skipped = skip.length > row.length && skip[row.length];
        if (s.charCodeAt(i) === 34) {
          let j = i + 1;
          let value = '';
          let closed = false;
          for (;;) {
            const q = s.indexOf('"', j);
            if (q < 0) break;
            if (s.charCodeAt(q + 1) === 34) {
              if (!skipped) value += this.text(s, j, q + 1);
              j = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) break; // a doubled quote may start in the next chunk
            if (!skipped) value += this.text(s, j, q);
            j = q + 1;
            closed = true;
            break;
          }
          if (!closed) return rowStart;
          // Text after the closing quote, up to the delimiter or line end, is kept (relaxed quotes).
          let k = j;
          while (k < n) {
            const c = s.charCodeAt(k);
            if (c === D || c === 10 || c === 13) break;
            k++;
          }
          field = k > j && !skipped ? value + this.text(s, j, k) : value;
          i = k;
        } else {
          let k = i;
          let high = 0;
          while (k < n) {
            const c = s.charCodeAt(k);
            if (c === D || c === 10 || c === 13) break;
            high |= c;
            k++;
          }
          field = skipped ? '' : high > 127 && bytes !== null ? utf8(bytes, i, k) : s.slice(i, k);
          i = k;
        }
        row.push(field);
        if (i >= n) {
          if (!final) return rowStart;
          complete = true;
          break;
        }
        const c = s.charCodeAt(i);
        if (c === D) {
          i++;
          if (i >= n && !final) return rowStart;
          continue;
        }
        // Line end: CRLF needs the next char to be known.
        if (c === 13) {
          if (i + 1 >= n && !final) return rowStart;
          i += s.charCodeAt(i + 1) === 10 ? 2 : 1;
        } else i++;
        complete = true;
        break;
      }
      if (complete) {
        out.push(row);
        rowStart = i;
        if (!this.seenHeader) {
          this.seenHeader = true;
          if (this.onHeader) skip = this.skip = this.onHeader(row);
        }
      }
    }
    return n;
  }
}

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

/** Quotes a cell for CSV output when it needs it. */
export function csvCell(value: string, delimiter = ','): string {
  return /[",\r\n]/.test(value) || (delimiter !== ',' && value.includes(delimiter)) ? `"${value.replace(/"/g, '""')}"` : value;
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
    const values: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) values[header[i]] = (cells[i] ?? '').trim();
    yield { row, values };
  }
  if (!header) throw new FatalInputError(`${path}: empty file (no header row)`);
}

/** The site form export's own columns, and the ones it carries that are personal. */
export const SITE_PERSONAL_COLUMNS = ['first_name', 'last_name', 'phone', 'email'];
const REQUIRED_WITHOUT_PROFILE: readonly RegistrationField[] = ['id', 'created_at', 'city'];

/**
 * The `fields` of a row: each mapped field ('' or a missing cell → null), unmapped ones absent. Named stores in
 * REGISTRATION_FIELDS order (the order `index` is built in), so every record of a source has one shape — a loop of
 * `fields[name] = …` is a megamorphic keyed store per field per row.
 */
function fieldsMaker(index: ReadonlyArray<readonly [RegistrationField, number]>): (cells: string[]) => RawRecord['fields'] {
  const at = (f: RegistrationField): number => {
    const e = index.find((x) => x[0] === f);
    return e ? e[1] : -1;
  };
  const order = index.map((x) => x[0]).join();
  if (REGISTRATION_FIELDS.length !== 8 || order !== REGISTRATION_FIELDS.filter((f) => at(f) >= 0).join()) {
    // Not the eight fields below in their canonical order (not expected): the generic loop.
    return (cells) => {
      const fields: Partial<Record<RegistrationField, string | null>> = {};
      for (let k = 0; k < index.length; k++) fields[index[k][0]] = cellValue(cells[index[k][1]]);
      return fields;
    };
  }
  const [iId, iCreated, iCity, iRegion, iSource, iPhone, iEmail, iQuestionnaire] = REGISTRATION_FIELDS.map(at);
  return (cells) => {
    const f: Partial<Record<RegistrationField, string | null>> = {};
    if (iId >= 0) f.id = cellValue(cells[iId]);
    if (iCreated >= 0) f.created_at = cellValue(cells[iCreated]);
    if (iCity >= 0) f.city = cellValue(cells[iCity]);
    if (iRegion >= 0) f.region = cellValue(cells[iRegion]);
    if (iSource >= 0) f.source = cellValue(cells[iSource]);
    if (iPhone >= 0) f.phone_confirmed_at = cellValue(cells[iPhone]);
    if (iEmail >= 0) f.email_confirmed_at = cellValue(cells[iEmail]);
    if (iQuestionnaire >= 0) f.questionnaire_at = cellValue(cells[iQuestionnaire]);
    return f;
  };
}

const cellValue = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

class CsvRecord implements RawRecord {
  readError?: { field: string; reason: string };
  constructor(
    readonly origin: string,
    readonly row: number,
    readonly source: string,
    readonly fields: Partial<Record<RegistrationField, string | null>>,
    private readonly cells: string[],
    private readonly rawOf: (cells: string[]) => string
  ) {}
  get raw(): string {
    return this.rawOf(this.cells);
  }
}

export interface CsvSourceConfig {
  name: string;
  /** Absolute, or relative to `configDir`. */
  path: string;
  profile?: SourceProfile;
}

export function createCsvSource(cfg: CsvSourceConfig, configDir: string): RegistrationSource {
  const path = resolve(configDir, cfg.path);
  const origin = cfg.path;
  const profile = cfg.profile;
  const delimiter = profile?.delimiter ?? ',';
  const source: RegistrationSource = {
    name: cfg.name,
    async *records(): AsyncGenerator<RawRecord> {
      for await (const batch of source.batches!()) yield* batch;
    },
    async *batches(): AsyncGenerator<RawRecord[]> {
      let header: string[] | undefined;
      let index: Array<[RegistrationField, number]> = [];
      let statusIndex = -1;
      let keep = new Set<string>();
      let drop = new Set<string>();
      let personal = new Set<number>();
      let rawOf: (cells: string[]) => string = () => '';
      let makeFields: (cells: string[]) => RawRecord['fields'] = () => ({});
      let row = 0;
      const personalNames = new Set(profile ? profile.personal : SITE_PERSONAL_COLUMNS);
      const onHeader = (h: string[]): boolean[] => (profile?.header ?? h).map((name) => personalNames.has(name.trim()));
      for await (const cellBatch of csvRowBatches(path, { encoding: profile?.encoding, delimiter, onHeader })) {
        const out: RawRecord[] = [];
        for (const cells of cellBatch) {
          if (!header) {
            header = (profile?.header ?? cells).map((c) => c.trim());
            const h = header;
            const column = (name: string, what: string): number => {
              const i = h.indexOf(name);
              if (i < 0) throw new FatalInputError(`${origin}: missing required column "${name}" (${what})`);
              return i;
            };
            if (profile) {
              for (const f of ['id', 'created_at'] as const) {
                if (!profile.columns[f]) throw new FatalInputError(`${origin}: the source profile of "${cfg.name}" does not map field "${f}"`);
              }
              for (const f of REGISTRATION_FIELDS) {
                const name = profile.columns[f];
                if (name) index.push([f, column(name, `field ${f}`)]);
              }
              if (profile.status) {
                statusIndex = column(profile.status.column, 'status');
                keep = new Set(profile.status.keep);
                drop = new Set(profile.status.drop);
              }
              personal = new Set(profile.personal.map((p) => h.indexOf(p)).filter((i) => i >= 0));
            } else {
              for (const f of REQUIRED_WITHOUT_PROFILE) column(f, `field ${f}`);
              index = REGISTRATION_FIELDS.filter((f) => h.includes(f)).map((f) => [f, h.indexOf(f)]);
              personal = new Set(SITE_PERSONAL_COLUMNS.map((p) => h.indexOf(p)).filter((i) => i >= 0));
            }
            rawOf = (c) => c.map((v, i) => (personal.has(i) ? '' : csvCell(v, delimiter))).join(delimiter);
            makeFields = fieldsMaker(index);
            // A profile's own header means the file has none: its first row is data.
            if (!profile?.header) continue;
          }
          row++;
          const fields = makeFields(cells);
          const rec = new CsvRecord(origin, row, cfg.name, fields, cells, rawOf);
          if (cells.length !== header.length) {
            rec.readError = { field: '(row)', reason: `has ${cells.length} columns, the header has ${header.length}` };
          } else if (statusIndex >= 0) {
            const status = cells[statusIndex].trim();
            if (drop.has(status)) rec.readError = { field: 'status', reason: `status "${status}" is dropped by the profile` };
            else if (!keep.has(status)) rec.readError = { field: 'status', reason: `unknown status "${status}"` };
          }
          out.push(rec);
        }
        if (out.length > 0) yield out;
      }
      if (!header) throw new FatalInputError(`${origin}: empty file (no header row)`);
    }
  };
  return source;
}
