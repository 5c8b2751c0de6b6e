/**
 * Everything init learns from an export's first megabyte: encoding, dialect, header, pack, per-column statistics,
 * personal columns, field roles and the status split. No config is written here (see propose.ts).
 */
import { readHead } from '../sources/csv/read-head.ts';
import { loadPack, type Pack, type PackCode } from '../../geo/pack.ts';
import { createCityResolver } from '../resolve/city-resolver.ts';
import { columnStats, type ColumnStats } from './column-stats.ts';
import { guessPack, placesOf, type PackGuess } from './country.ts';
import { detectDialect, type Dialect } from './dialect.ts';
import { decodeSample, detectEncoding, type EncodingGuess } from '../sources/csv/detect-encoding.ts';
import { detectPersonal, type PersonalColumn } from './personal.ts';
import { inferRoles, type Places, type Roles } from './roles.ts';
import { suggestStatus, type StatusSuggestion } from './status.ts';

const SAMPLE_BYTES = 1 << 20;
const SAMPLE_ROWS = 2000;

export interface Inspection {
  sampleBytes: number;
  encoding: EncodingGuess;
  dialect: Omit<Dialect, 'rows'>;
  /** The file's header, or column_1… when it has none. */
  header: string[];
  rows: number;
  pack: PackGuess & { given: boolean };
  timeZone: string;
  columns: ColumnStats[];
  personal: PersonalColumn[];
  roles: Roles;
  status: StatusSuggestion | null;
  places: Places;
}

export class InspectError extends Error {}


export function inspectExport(path: string, packCode?: PackCode, packs: (code: PackCode) => Pack = loadPack): Inspection {
  const bytes = readHead(path, SAMPLE_BYTES);
  if (bytes.length === 0) throw new InspectError(`${path}: the file is empty`);
  const encoding = detectEncoding(bytes);
  const { rows: allRows, ...dialect } = detectDialect(decodeSample(bytes, encoding.encoding));
  const header = dialect.hasHeader ? allRows[0].map((h) => h.trim()) : allRows[0].map((_, i) => `column_${i + 1}`);
  const rows = allRows.slice(dialect.hasHeader ? 1 : 0, SAMPLE_ROWS + 1);
  const columns = columnStats(header, rows);
  const guessed = packCode ? null : guessPack(columns, packs('us').regions);
  if (!packCode && !guessed) throw new InspectError(`${path}: cannot tell the country from the content (no Cyrillic place names, no column of US states): give --pack ru or --pack us`);
  const pack = packCode ? { pack: packCode, why: 'given with --pack', given: true } : { ...guessed!, given: false };
  const loaded = packs(pack.pack);
  const places = placesOf(loaded, createCityResolver(loaded));
  const personal = detectPersonal(columns, (c) => Math.max(places.cityShare(c), places.regionShare(c)));
  const personalSet = new Set(personal.map((p) => p.index));
  const roles = inferRoles(columns, personalSet, places);
  const used = new Set([...personalSet, ...Object.values(roles).map((r) => r.column.index)]);
  const status = suggestStatus(columns.filter((c) => !used.has(c.index)));
  return {
    sampleBytes: bytes.length,
    encoding,
    dialect,
    header,
    rows: rows.length,
    pack,
    timeZone: places.timeZone(roles.city?.column),
    columns,
    personal,
    roles,
    status,
    places
  };
}
