/**
 * A CSV file for people (rejects.csv, unresolved-cities.csv), written synchronously through a 256 KB buffer:
 * rows arrive from the build's hot loop one at a time and must not wait on I/O. Cells go through the shared
 * writer with the formula guard on (the values are what people typed).
 *
 * The rows go to `PATH.tmp-<pid>` and reach PATH only on `commit()`, which the build calls just before it
 * publishes: a build that fails (a full disk, a bad row count, a gate) leaves the previous PATH as it was, matching
 * the previous publish, and never a partial file.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { csvLine, type CsvCell } from '../shared/csv/csv.ts';

const FLUSH_AT = 1 << 18;

/** An I/O error that names the file and says what a full disk means, instead of a bare `ENOSPC: write`. */
export function fileWriteError(path: string, e: unknown): Error {
  const err = e as NodeJS.ErrnoException;
  const why = err.code === 'ENOSPC' ? 'the disk is full' : err.code === 'EDQUOT' ? 'the disk quota is exhausted' : err.message;
  return new Error(`${path}: cannot write: ${why}`, { cause: e });
}

export class CsvFile {
  private readonly fd: number;
  private readonly temporary: string;
  private buf = '';
  private closed = false;
  /** Data rows written (the header excluded). */
  rows = 0;

  constructor(
    readonly path: string,
    header: readonly string[]
  ) {
    this.temporary = `${path}.tmp-${process.pid}`;
    try {
      this.fd = openSync(this.temporary, 'w');
    } catch (e) {
      throw fileWriteError(this.temporary, e);
    }
    this.buf = csvLine(header) + '\n';
  }

  row(cells: readonly CsvCell[]): void {
    this.buf += csvLine(cells) + '\n';
    this.rows++;
    if (this.buf.length > FLUSH_AT) this.flush();
  }

  private flush(): void {
    try {
      if (this.buf) writeSync(this.fd, this.buf);
    } catch (e) {
      throw fileWriteError(this.temporary, e);
    }
    this.buf = '';
  }

  /** Safe to call twice: the build closes on success and again in its `finally`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  /** Puts the complete file in place (after `close`). */
  commit(): void {
    this.close();
    renameSync(this.temporary, this.path);
  }

  /** Drops what was written; PATH keeps its previous content. */
  discard(): void {
    try {
      this.close();
    } catch {
      // the file is being thrown away: a failed final flush changes nothing
    }
    rmSync(this.temporary, { force: true });
  }
}
