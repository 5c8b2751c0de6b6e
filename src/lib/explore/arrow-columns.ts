/**
 * Staged columns as an Arrow table, built from their buffers rather than by Arrow's builders (tableFromArrays):
 * a builder compiles its null test with `new Function`, which the site's Content-Security-Policy refuses (no
 * 'unsafe-eval'), so under `tallyboard serve` the SQL page could not start. Types are inferred as tableFromArrays
 * infers them, so the published tables keep their types: text → Utf8, numbers → Float64, nothing but nulls → Null.
 */
import { Float64, makeData, makeVector, Null, Table, Utf8, type Vector } from 'apache-arrow';
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

function columnVector(column: Column): Vector {
  if (column instanceof Int32Array || column instanceof Float64Array) return makeVector(column);
  if (isText(column)) return textVector(column);
  if (column.some((v) => v !== null)) return numberVector(column);
  return makeVector(makeData({ type: new Null(), length: column.length }));
}

export function arrowTable(columns: StagedColumns): Table {
  return new Table(Object.fromEntries(Object.entries(columns).map(([name, column]) => [name, columnVector(column)])));
}
