/**
 * What every registration source yields: one record per input row, with our field names, before validation.
 * Personal columns are already gone from `fields`; `raw` keeps the row as read, only for rejects.csv in the work folder.
 */
import type { RegistrationField } from '../config/campaign.ts';

export interface RawRecord {
  /** Where the row came from, for error messages: a file path, an OSDI URL, or "postgres:<table>". */
  origin: string;
  /** 1-based row number within the origin (CSV: the data row number, header excluded, as a spreadsheet shows it minus one). */
  row: number;
  /** The source's name from the campaign config, used as the `source` dimension unless the row carries its own. */
  source: string;
  fields: Partial<Record<RegistrationField, string | null>>;
  /** The row as read, for rejects only. */
  raw: string;
  /** Set when the reader itself could not use the row (bad encoding, wrong column count…). */
  readError?: { field: string; reason: string };
}

export interface RegistrationSource {
  name: string;
  records(): AsyncIterable<RawRecord>;
  /**
   * Optional, same records in arrays (e.g. one per 1 MB read): the pipeline prefers it when present, which saves
   * one promise per row on multi-million-row files. A source offering it must yield exactly what records() yields.
   */
  batches?(): AsyncIterable<RawRecord[]>;
  /** Once read: where an incremental build's next read starts (PostgreSQL's high-water mark), null when nowhere. */
  watermark?(): string | null;
}
