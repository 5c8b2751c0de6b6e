/**
 * The SQL page's tables as Arrow tables, built from their buffers rather than by Arrow's builders
 * (tableFromArrays): a builder compiles its null test with `new Function`, which the site's
 * Content-Security-Policy refuses (no 'unsafe-eval'), so under `tallyboard serve` the SQL page could not start.
 *
 * The cubes arrive decoded for the analyst: each dimension as a dictionary-encoded text column over the cube's
 * index array, each hour as a TIMESTAMP. DuckDB reads them into plain VARCHAR and TIMESTAMP columns on
 * insert, in one step: no staged table rewritten by a SELECT, which was a sixth of the page's start-up.
 */
import { Dictionary, Float64, Int32, makeData, makeVector, Table, TimestampMicrosecond, Utf8, type Vector } from 'apache-arrow';
import type { ColumnTable, Manifest } from '$shared/cube/format';
import { classNow, classThen } from '$shared/cube/distance-codes';
import type { StagedColumns } from './tables';

type Column = StagedColumns[string];
type Values<T> = readonly (T | null)[];

/** Arrow's validity bitmap: bit i set when value i is present. */
function validity(values: Values<unknown>): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array((values.length + 7) >> 3);
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) nullCount++;
    else nullBitmap[i >> 3] |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount };
}

function textVector(values: Values<string>): Vector<Utf8> {
  const encoder = new TextEncoder();
  const encoded = values.map((v) => encoder.encode(v ?? ''));
  const valueOffsets = new Int32Array(values.length + 1);
  encoded.forEach((bytes, i) => (valueOffsets[i + 1] = valueOffsets[i] + bytes.length));
  const data = new Uint8Array(valueOffsets[values.length]);
  encoded.forEach((bytes, i) => data.set(bytes, valueOffsets[i]));
  return makeVector(makeData({ type: new Utf8(), length: values.length, valueOffsets, data, ...validity(values) }));
}

function numberVector(values: Values<number>): Vector<Float64> {
  const data = Float64Array.from(values, (v) => v ?? 0);
  return makeVector(makeData({ type: new Float64(), length: values.length, data, ...validity(values) }));
}

const isText = (column: Values<string> | Values<number>): column is Values<string> => column.some((v) => typeof v === 'string');

/** Dictionary indexes (0-based, as the cubes hold them) as the text they stand for. */
function dictionaryVector(indexes: Int32Array, dictionary: readonly string[]): Vector<Dictionary<Utf8, Int32>> {
  return makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32()), length: indexes.length, data: indexes, dictionary: textVector(dictionary) }));
}

const MICROSECONDS_PER_HOUR = 3_600_000_000n;

/** Whole hours since the epoch (UTC) as a TIMESTAMP in UTC. */
function hourVector(hours: Int32Array): Vector<TimestampMicrosecond> {
  const data = BigInt64Array.from(hours, (h) => BigInt(h) * MICROSECONDS_PER_HOUR);
  return makeVector(makeData({ type: new TimestampMicrosecond(), length: hours.length, data }));
}

export function registrationsArrow({ columns: c }: ColumnTable, dimensions: Manifest['dimensions']): Table {
  return new Table({
    hour: hourVector(c.hour),
    region: dictionaryVector(c.region, dimensions.region),
    source: dictionaryVector(c.source, dimensions.source),
    // The paired codes (distance-codes.ts) as two columns: the class at registration and as of the network date.
    // Each over its own index array: two dictionary columns sharing one made DuckDB-WASM drop the whole insert.
    distance: dictionaryVector(c.distance, dimensions.distance.map(classThen)),
    distance_now: dictionaryVector(c.distance.slice(), dimensions.distance.map(classNow)),
    registered: makeVector(c.registered),
    phone: makeVector(c.phone),
    email: makeVector(c.email),
    questionnaire: makeVector(c.questionnaire),
    future: makeVector(c.future)
  });
}

export function deliveriesArrow({ columns: c }: ColumnTable, dimensions: Manifest['dimensions']): Table {
  return new Table({
    hour: hourVector(c.hour),
    channel: dictionaryVector(c.channel, dimensions.channel),
    gateway: dictionaryVector(c.gateway, dimensions.gateway),
    status: dictionaryVector(c.status, dimensions.status),
    count: makeVector(c.count)
  });
}

/** A JSON column typed as tableFromArrays typed it before: text as Utf8, anything else (numbers, or only nulls) as Float64. */
function columnVector(column: Column): Vector {
  if (column instanceof Float64Array) return makeVector(column);
  return isText(column) ? textVector(column) : numberVector(column);
}

export function arrowTable(columns: StagedColumns): Table {
  return new Table(Object.fromEntries(Object.entries(columns).map(([name, column]) => [name, columnVector(column)])));
}
