/**
 * A source profile applied to a CSV header: which column feeds which registration field, which rows the status
 * column keeps or drops, and which columns are personal (never copied out, blanked in the raw text of a reject).
 * Without a profile the header is the site form export's own (the field names themselves).
 */
import { RAW, csvLine, type CsvDialect } from '../../../shared/csv/csv.ts';
import { REGISTRATION_FIELDS, type RegistrationField, type SourceProfile } from '../../config/campaign.ts';
import { FatalInputError } from '../../fatal-input-error.ts';
import type { RawRecord } from '../types.ts';

/** The site form export's own columns, and the ones it carries that are personal. */
const SITE_PERSONAL_COLUMNS = ['first_name', 'last_name', 'phone', 'email'];
const REQUIRED_WITHOUT_PROFILE: readonly RegistrationField[] = ['id', 'created_at', 'city'];

export interface ColumnMap {
  /** The header's number of columns: a row with another count is a read error. */
  width: number;
  fieldsOf: (cells: string[]) => RawRecord['fields'];
  /** The row as text for rejects.csv, personal cells blank (a source's own dialect, the guard applies in the file). */
  rawOf: (cells: string[]) => string;
  status: { index: number; keep: ReadonlySet<string>; drop: ReadonlySet<string> } | null;
  /** Column index of each mapped field. */
  fieldIndex: Partial<Record<RegistrationField, number>>;
  /** Indexes of the personal columns (never selected). */
  personal: ReadonlySet<number>;
}

/** Names of the columns whose cells the tokenizer may skip without reading (see CsvTokenizer.onHeader). */
export function personalColumns(profile: SourceProfile | undefined): ReadonlySet<string> {
  return new Set(profile ? profile.personal : SITE_PERSONAL_COLUMNS);
}

/** `header` trimmed. A required column or field the header or the profile lacks is fatal, naming `origin`. */
export function mapColumns(header: readonly string[], profile: SourceProfile | undefined, delimiter: string, origin: string, sourceName: string): ColumnMap {
  const column = (name: string, what: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new FatalInputError(`${origin}: missing required column "${name}" (${what})`);
    return i;
  };
  let index: Array<[RegistrationField, number]> = [];
  let status: ColumnMap['status'] = null;
  if (profile) {
    for (const f of ['id', 'created_at'] as const) {
      if (!profile.columns[f]) throw new FatalInputError(`${origin}: the source profile of "${sourceName}" does not map field "${f}"`);
    }
    for (const f of REGISTRATION_FIELDS) {
      const name = profile.columns[f];
      if (name) index.push([f, column(name, `field ${f}`)]);
    }
    if (profile.status) status = { index: column(profile.status.column, 'status'), keep: new Set(profile.status.keep), drop: new Set(profile.status.drop) };
  } else {
    for (const f of REQUIRED_WITHOUT_PROFILE) column(f, `field ${f}`);
    index = REGISTRATION_FIELDS.filter((f) => header.includes(f)).map((f) => [f, header.indexOf(f)]);
  }
  const personal = new Set([...personalColumns(profile)].map((p) => header.indexOf(p)).filter((i) => i >= 0));
  const dialect: CsvDialect = { ...RAW, delimiter };
  return {
    width: header.length,
    fieldsOf: fieldsMaker(index),
    rawOf: (cells) => csvLine(cells.map((v, i) => (personal.has(i) ? '' : v)), dialect),
    status,
    fieldIndex: Object.fromEntries(index),
    personal
  };
}

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
