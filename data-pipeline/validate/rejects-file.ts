/**
 * rejects.csv in the work folder: one line per rejected row (registrations and deliveries), `file,row,field,reason,raw`.
 *
 * With an incremental build's state (state/build-state.ts) the lines are also kept per part (a source, the
 * delivery log) in the state's private folder, each with the row's key, so that a later build which reads only
 * what changed still writes the whole file: a part's kept lines first (`beginPart`), then the new ones.
 */
import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { CsvFile } from '../csv-file.ts';
import type { Rejection } from './validate.ts';

type PartLine = [key: string | null, origin: string, row: number, field: string, reason: string, raw: string];

/** Where rejected rows go: rejects.csv, or a list held back until a part's kept lines are written. */
export type RejectSink = Pick<RejectsFile, 'add'>;

/** Which of a part's kept lines stay: all, none, or those whose key passes. */
export type KeepLines = 'all' | 'none' | ((key: string | null) => boolean);

const FLUSH_AT = 1 << 18;

export class RejectsFile {
  private readonly file: CsvFile;
  private part: { previous: string; next: string; buf: string; count: number } | null = null;

  constructor(readonly path: string) {
    this.file = new CsvFile(path, ['file', 'row', 'field', 'reason', 'raw']);
  }

  get count(): number {
    return this.file.rows;
  }

  /** Rejected rows of the open part, kept ones included. */
  get partCount(): number {
    return this.part?.count ?? 0;
  }

  add(r: Rejection, key: Buffer | null = null): void {
    this.file.row([r.origin, r.row, r.field, r.reason, r.raw]);
    const p = this.part;
    if (!p) return;
    p.buf += JSON.stringify([key?.toString('hex') ?? null, r.origin, r.row, r.field, r.reason, r.raw] satisfies PartLine) + '\n';
    p.count++;
    if (p.buf.length > FLUSH_AT) this.flushPart();
  }

  /**
   * From here on lines also go to a part file (`paths` from BuildState.rejectsPart); the last build's lines of the
   * part that `keep` keeps are written first.
   */
  beginPart(paths: { previous: string; next: string }, keep: KeepLines): void {
    this.endPart();
    writeFileSync(paths.next, '');
    this.part = { ...paths, buf: '', count: 0 };
    if (keep === 'none') return;
    let text: string;
    try {
      text = readFileSync(paths.previous, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      const [key, origin, row, field, reason, raw] = JSON.parse(line) as PartLine;
      if (keep !== 'all' && !keep(key)) continue;
      this.file.row([origin, row, field, reason, raw]);
      this.part.buf += line + '\n';
      this.part.count++;
    }
    this.flushPart();
  }

  /** The keys (hex; null: a row without an id) of a part's kept lines, one per line. */
  static keysIn(paths: { previous: string }): Array<string | null> {
    let text: string;
    try {
      text = readFileSync(paths.previous, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((l) => l)
      .map((l) => (JSON.parse(l) as PartLine)[0]);
  }

  /** Closes the open part: its file replaces the last build's (inside the state's copy). */
  endPart(): void {
    const p = this.part;
    if (!p) return;
    this.flushPart();
    renameSync(p.next, p.previous);
    this.part = null;
  }

  private flushPart(): void {
    const p = this.part!;
    if (p.buf) appendFileSync(p.next, p.buf);
    p.buf = '';
  }

  close(): void {
    this.endPart();
    this.file.close();
  }
  commit(): void {
    this.file.commit();
  }
  discard(): void {
    if (this.part) rmSync(this.part.next, { force: true });
    this.part = null;
    this.file.discard();
  }
}
