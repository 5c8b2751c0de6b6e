/**
 * cities.arrow's bytes (format in shared/cube/city-table.ts) from the registrations' per-city days: the pack's
 * cities only, each (city, stage) series under the small-cell rule, and per city the number of distinct spellings
 * that resolved to it (a count, never the spellings themselves).
 *
 * The columns are typed arrays handed to Arrow as they are (makeData): Arrow's builders (vectorFromArray) took
 * over a second for the 1M demo's ~150k rows. The bytes are those the builders wrote: a validity bitmap only
 * where a column has nulls, sized as the builders size it, null cells 0, dictionaries in order of first use.
 */
import { DateDay, Dictionary, Float64, Int32, Table, Utf8, makeData, makeVector, tableToIPC, type Data, type Vector } from 'apache-arrow';
import type { City } from '../../geo/pack.ts';
import { STAGES } from '../../shared/cube/format.ts';
import type { CityDays } from '../cube/city-days.ts';
import { HELD, SmallCellRule } from './small-cells.ts';

export interface CityTableBytes {
  bytes: Uint8Array;
  rows: number;
}

/**
 * Dictionary ids of the two text columns. Fixed rather than Arrow's process-wide counter, which numbers every
 * Dictionary type made in the process: these are the ids a build's first table gets.
 */
const NAME_DICTIONARY = 0;
const REGION_DICTIONARY = 1;

/** The published (city, day) rows: per row the pack's city index, the day and per stage a count or HELD. */
interface PublishedRows {
  n: number;
  cityIndex: Int32Array;
  day: Int32Array;
  counts: Int32Array[];
}

/** Written over the sorted cells (row n's from row i ≥ n's, read before): no fresh memory for them. */
function publishedRows(cityDays: CityDays): PublishedRows {
  const cells = cityDays.sortedColumns();
  const { cityIndex, day } = cells;
  const counts = cells.sums;
  const rule = new SmallCellRule(STAGES.length);
  const row = new Int32Array(STAGES.length);
  const cell = new Int32Array(STAGES.length);
  let n = 0;
  let city = -1;
  for (let i = 0; i < cells.n; i++) {
    if (cityIndex[i] !== city) {
      city = cityIndex[i];
      rule.startCity();
    }
    for (let s = 0; s < STAGES.length; s++) cell[s] = counts[s][i];
    if (!rule.day(cell, row)) continue;
    cityIndex[n] = city;
    day[n] = day[i];
    for (let s = 0; s < STAGES.length; s++) counts[s][n] = row[s];
    n++;
  }
  return { n, cityIndex: cityIndex.subarray(0, n), day: day.subarray(0, n), counts: counts.map((c) => c.subarray(0, n)) };
}

/** Bytes of a validity bitmap of `n` bits as Arrow's builders size it: rounded up to 64 bytes. */
const bitmapBytes = (n: number): number => Math.max(64, Math.ceil(Math.ceil(n / 8) / 64) * 64);

/** A stage column: HELD cells become nulls (value 0, their validity bit clear), in `counts` itself. */
function countColumn(counts: Int32Array): Data<Int32> {
  const n = counts.length;
  const validity = new Uint8Array(bitmapBytes(n));
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    if (counts[i] === HELD) {
      counts[i] = 0;
      nullCount++;
    } else validity[i >> 3] |= 1 << (i & 7);
  }
  return makeData({ type: new Int32(), length: n, nullCount, data: counts, nullBitmap: nullCount > 0 ? validity : undefined });
}

/**
 * A dictionary-encoded text column, row i holding `textOf[cityIndex[i]]`, the dictionary in order of first use.
 * Each city's key is found once and then read by row, as the per-city columns below are gathered by row rather
 * than through a callback per row and column: the whole table of 888,110 synthetic (city, day) rows in 1,054–1,500
 * against 1,138–1,616 ms (fresh processes, alternated; the 10M demo's took 0.92 s of its export). Most of the rest
 * is sorting the cells, the small-cell rule and Arrow's copy into one buffer.
 */
function textColumn(cityIndex: Int32Array, textOf: readonly string[], id: number): Data<Dictionary<Utf8, Int32>> {
  const n = cityIndex.length;
  const keyOf = new Map<string, number>();
  const keyOfCity = new Int32Array(textOf.length).fill(-1);
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const city = cityIndex[i];
    let key = keyOfCity[city];
    if (key < 0) {
      const t = textOf[city];
      key = keyOf.get(t) ?? -1;
      if (key < 0) keyOf.set(t, (key = keyOf.size));
      keyOfCity[city] = key;
    }
    indices[i] = key;
  }
  const encoder = new TextEncoder();
  const encoded = [...keyOf.keys()].map((t) => encoder.encode(t));
  const offsets = new Int32Array(encoded.length + 1);
  encoded.forEach((bytes, k) => (offsets[k + 1] = offsets[k] + bytes.length));
  const utf8 = new Uint8Array(offsets[encoded.length]);
  encoded.forEach((bytes, k) => utf8.set(bytes, offsets[k]));
  const dictionary = makeVector(makeData({ type: new Utf8(), length: encoded.length, nullCount: 0, valueOffsets: offsets, data: utf8 }));
  return makeData({ type: new Dictionary(new Utf8(), new Int32(), id), length: n, nullCount: 0, data: indices, dictionary });
}

/** `perCity[cityIndex[i]]` for each row i, into `out`. */
function byRow<T extends Int32Array | Float64Array>(out: T, cityIndex: Int32Array, perCity: T): T {
  for (let i = 0; i < cityIndex.length; i++) out[i] = perCity[cityIndex[i]];
  return out;
}

/** `spellingsOf[cityIndex]`: distinct spellings that resolved to the pack's city at that index. */
export function cityTableBytes(cityDays: CityDays, cities: readonly City[], spellingsOf: ReadonlyMap<number, number>): CityTableBytes {
  const rows = publishedRows(cityDays);
  const { n, cityIndex } = rows;
  // nullCount 0 stated: a typed array's vector of unknown null count would be written as a non-nullable field.
  const int32 = (values: Int32Array): Vector => makeVector(makeData({ type: new Int32(), length: n, nullCount: 0, data: values }));
  const float64 = (values: Float64Array): Vector => makeVector(makeData({ type: new Float64(), length: n, nullCount: 0, data: values }));
  const columns: Record<string, Vector> = {
    city_id: int32(byRow(new Int32Array(n), cityIndex, Int32Array.from(cities, (c) => c.geonameId))),
    name: makeVector(textColumn(cityIndex, cities.map((c) => c.name), NAME_DICTIONARY)),
    region: makeVector(textColumn(cityIndex, cities.map((c) => c.regionCode), REGION_DICTIONARY)),
    lat: float64(byRow(new Float64Array(n), cityIndex, Float64Array.from(cities, (c) => c.lat))),
    lon: float64(byRow(new Float64Array(n), cityIndex, Float64Array.from(cities, (c) => c.lon))),
    spellings: int32(byRow(new Int32Array(n), cityIndex, Int32Array.from(cities, (_, index) => spellingsOf.get(index) ?? 0))),
    day: makeVector(makeData({ type: new DateDay(), length: n, nullCount: 0, data: rows.day })),
    ...Object.fromEntries(STAGES.map((s, k) => [s, makeVector(countColumn(rows.counts[k]))]))
  };
  return { bytes: tableToIPC(new Table(columns), 'stream'), rows: n };
}
