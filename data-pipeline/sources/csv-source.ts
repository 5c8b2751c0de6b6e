/**
 * `createCsvSource` turns a registrations export into RawRecords through a source profile (csv/profile-mapping.ts):
 * only the mapped fields are copied out of each row, so personal columns (names, phones, e-mails…) never leave
 * the reader. The `raw` text kept for rejects.csv is built lazily, only for rejected rows, with personal columns blanked.
 */
import { resolve } from 'node:path';
import type { RegistrationField, SourceProfile } from '../config/campaign.ts';
import { FatalInputError } from '../fatal-input-error.ts';
import { mapColumns, personalColumns, type ColumnMap } from './csv/profile-mapping.ts';
import { MAX_ROW_CHARS, OVERLONG_ROW } from './csv/tokenizer.ts';
import { csvRowBatches } from './csv/read-csv.ts';
import type { RawRecord, RegistrationSource } from './types.ts';

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

/**
 * The record of one CSV row (`cells` as the tokenizer split it; OVERLONG_ROW for a row too long to read), with the
 * reader's own errors: a wrong number of columns, a status the profile drops or does not know.
 */
export function csvRecord(origin: string, row: number, sourceName: string, columns: ColumnMap, cells: string[]): RawRecord {
  const rec = new CsvRecord(origin, row, sourceName, columns.fieldsOf(cells), cells, columns.rawOf);
  const status = columns.status;
  if (cells === OVERLONG_ROW) {
    rec.readError = { field: '(row)', reason: `longer than ${MAX_ROW_CHARS} characters (a huge field, or a quote never closed before the next line end): skipped` };
  } else if (cells.length !== columns.width) {
    rec.readError = { field: '(row)', reason: `has ${cells.length} columns, the header has ${columns.width}` };
  } else if (status) {
    const value = cells[status.index].trim();
    if (status.drop.has(value)) rec.readError = { field: 'status', reason: `status "${value}" is dropped by the profile` };
    else if (!status.keep.has(value)) rec.readError = { field: 'status', reason: `unknown status "${value}"` };
  }
  return rec;
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
      let columns: ColumnMap | undefined;
      let row = 0;
      const personalNames = personalColumns(profile);
      const onHeader = (h: string[]): boolean[] => (profile?.header ?? h).map((name) => personalNames.has(name.trim()));
      for await (const cellBatch of csvRowBatches(path, { encoding: profile?.encoding, delimiter, onHeader })) {
        const out: RawRecord[] = [];
        for (const cells of cellBatch) {
          if (!columns) {
            columns = mapColumns((profile?.header ?? cells).map((c) => c.trim()), profile, delimiter, origin, cfg.name);
            // A profile's own header means the file has none: its first row is data.
            if (!profile?.header) continue;
          }
          row++;
          const rec = csvRecord(origin, row, cfg.name, columns, cells);
          out.push(rec);
        }
        if (out.length > 0) yield out;
      }
      if (!columns) throw new FatalInputError(`${origin}: empty file (no header row)`);
    }
  };
  return source;
}
