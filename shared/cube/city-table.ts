/**
 * cities.arrow: per gazetteer city and local day, the registrations by stage (the SQL page's `cities` table, the
 * cities view and the headquarters planner). Arrow IPC (stream), because DuckDB-WASM reads it natively offline
 * while its Parquet reader is an extension it downloads at run time. One row per (city, day):
 *
 *   city_id INT32 (GeoNames id), name, region (ISO 3166-2) dictionary-encoded UTF-8, lat/lon FLOAT64,
 *   spellings INT32 (distinct raw spellings that resolved to the city), day DATE,
 *   registered, phone, email, questionnaire, future INT32 (null: nothing published for that day, see below).
 *
 * Small-cell rule: no published count is below MIN_CELL. Per city and stage, a day's count smaller than that is
 * carried into the city's next day until the sum reaches it (the cell is then dated by that day; every
 * other cell is null, so each non-null cell is at least MIN_CELL); a remainder still below it at the end is not published. See README ("cities.arrow").
 */
import { tableFromIPC, type Table, type Vector } from 'apache-arrow';
import { CubeFormatError } from './codec';
import { readChecked, type ByteReader } from './dataset';
import { STAGES, type Manifest, type Stage } from './format';

export const MIN_CELL = 5;
export const CITY_TABLE_PATH = 'cities.arrow';
export const CITY_COLUMNS = ['city_id', 'name', 'region', 'lat', 'lon', 'spellings', 'day', ...STAGES] as const;

export interface CityInfo {
  id: number;
  name: string;
  region: string;
  lat: number;
  lon: number;
  spellings: number;
}

/** Decoded for the dashboard: one entry per city, and the (city, day) rows as columns; null cells read 0. */
export interface CityTable {
  cities: CityInfo[];
  rows: number;
  /** Index into `cities`. */
  city: Int32Array;
  /** Local days since 1970-01-01. */
  day: Int32Array;
  counts: Record<Stage, Int32Array>;
}

const DAY_MS = 86_400_000;

function column(table: Table, name: string): Vector {
  const v = table.getChild(name);
  if (!v) throw new CubeFormatError(`${CITY_TABLE_PATH}: lacks column "${name}"`);
  return v;
}

export function decodeCityTable(bytes: Uint8Array): CityTable {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (e) {
    throw new CubeFormatError(`${CITY_TABLE_PATH}: not an Arrow IPC file (${(e as Error).message})`);
  }
  const [id, name, region, lat, lon, spellings, day] = CITY_COLUMNS.slice(0, 7).map((c) => column(table, c));
  const stageColumns = STAGES.map((s) => column(table, s));
  const rows = table.numRows;
  const cities: CityInfo[] = [];
  const indexOf = new Map<number, number>();
  const out: CityTable = {
    cities,
    rows,
    city: new Int32Array(rows),
    day: new Int32Array(rows),
    counts: Object.fromEntries(STAGES.map((s) => [s, new Int32Array(rows)])) as Record<Stage, Int32Array>
  };
  for (let i = 0; i < rows; i++) {
    const cityId = id.get(i) as number;
    let c = indexOf.get(cityId);
    if (c === undefined) {
      c = cities.length;
      indexOf.set(cityId, c);
      cities.push({ id: cityId, name: name.get(i) as string, region: region.get(i) as string, lat: lat.get(i) as number, lon: lon.get(i) as number, spellings: spellings.get(i) as number });
    }
    out.city[i] = c;
    out.day[i] = Math.round((day.get(i) as number) / DAY_MS);
    STAGES.forEach((s, k) => (out.counts[s][i] = (stageColumns[k].get(i) as number | null) ?? 0));
  }
  return out;
}

/** The city table a manifest lists, checked against its hash; null for a data set published without one. */
export async function loadCityTable(read: ByteReader, manifest: Manifest): Promise<CityTable | null> {
  const entry = manifest.files.cities;
  return entry ? decodeCityTable(await readChecked(read, entry)) : null;
}
