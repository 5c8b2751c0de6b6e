/**
 * The demo's big files (a million lines), already formatted as CSV (shared/csv): lines are encoded straight into
 * 1 MB buffers (UTF-8), or collected and encoded per chunk through an encoder (Windows-1251 for the partner
 * export), and written with backpressure (waiting for 'drain').
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const CHUNK = 1 << 20;

export class LineStream {
  private readonly stream: WriteStream;
  private buf = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private parts: string[] = [];
  private size = 0;
  private pending = false;
  /** Data lines written (the header excluded). */
  rows = 0;
  bytes = 0;

  constructor(
    readonly path: string,
    header: string,
    private readonly encode?: (s: string) => Buffer
  ) {
    this.stream = createWriteStream(path, { highWaterMark: CHUNK });
    this.put(header);
  }

  private put(s: string): void {
    if (this.encode) {
      this.parts.push(s, '\n');
      this.size += s.length + 1;
      return;
    }
    // A UTF-16 unit takes at most 3 bytes in UTF-8.
    if (this.used + s.length * 3 + 1 > this.buf.length) {
      this.chunk();
      if (s.length * 3 + 1 > this.buf.length) this.buf = Buffer.allocUnsafe(s.length * 3 + 1);
    }
    this.used += this.buf.write(s, this.used);
    this.buf[this.used++] = 10;
  }

  /** Adds one line (without its newline). Call `drain()` now and then to let the chunk out. */
  line(s: string): void {
    this.put(s);
    this.rows++;
  }

  get full(): boolean {
    return this.encode ? this.size >= CHUNK / 2 : this.used >= CHUNK / 2;
  }

  private chunk(): void {
    let data: Buffer;
    if (this.encode) {
      if (!this.parts.length) return;
      data = this.encode(this.parts.join(''));
      this.parts = [];
      this.size = 0;
    } else {
      if (!this.used) return;
      data = this.buf.subarray(0, this.used);
      this.buf = Buffer.allocUnsafe(CHUNK);
      this.used = 0;
    }
    this.bytes += data.length;
    if (!this.stream.write(data)) this.pending = true;
  }

  /** Writes the collected chunk if it is big enough (or `force`), waiting if the stream is saturated. */
  async drain(force = false): Promise<void> {
    if (force || this.full) this.chunk();
    if (this.pending) {
      this.pending = false;
      if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
    }
  }

  async close(): Promise<void> {
    this.chunk();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
