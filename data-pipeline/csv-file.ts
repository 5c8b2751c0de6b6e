/**
 * A CSV file for people (rejects.csv, unresolved-cities.csv), written synchronously through a 256 KB buffer:
 * rows arrive from the build's hot loop one at a time and must not wait on I/O. Cells go through the shared
 * writer with the formula guard on (the values are what people typed).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { csvLine, type CsvCell } from '../shared/csv/csv.ts';

const FLUSH_AT = 1 << 18;

export class CsvFile {
  private readonly fd: number;
  private buf = '';
  private closed = false;
  /** Data rows written (the header excluded). */
  rows = 0;

  constructor(path: string, header: readonly string[]) {
    this.fd = openSync(path, 'w');
    this.buf = csvLine(header) + '\n';
  }

  row(cells: readonly CsvCell[]): void {
    this.buf += csvLine(cells) + '\n';
    this.rows++;
    if (this.buf.length > FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.buf) writeSync(this.fd, this.buf);
    this.buf = '';
  }

  /** Safe to call twice: the build closes on success and again in its `finally`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    closeSync(this.fd);
  }
}
