/** rejects.csv in the work folder: one line per rejected row (registrations and deliveries), `file,row,field,reason,raw`. */
import { CsvFile } from '../csv-file.ts';
import type { Rejection } from './validate.ts';

export class RejectsFile {
  private readonly file: CsvFile;
  constructor(readonly path: string) {
    this.file = new CsvFile(path, ['file', 'row', 'field', 'reason', 'raw']);
  }
  get count(): number {
    return this.file.rows;
  }
  add(r: Rejection): void {
    this.file.row([r.origin, r.row, r.field, r.reason, r.raw]);
  }
  close(): void {
    this.file.close();
  }
  commit(): void {
    this.file.commit();
  }
  discard(): void {
    this.file.discard();
  }
}
