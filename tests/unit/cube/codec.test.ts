import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CubeFormatError, decodeCubeFile, decodeTable, encodeTable, gunzip } from '../../../shared/cube/codec.ts';
import type { ColumnTable } from '../../../shared/cube/format.ts';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function randomTable(rows: number, seed: number): ColumnTable {
  const rnd = seeded(seed);
  const hour = new Int32Array(rows);
  const region = new Int32Array(rows);
  const count = new Int32Array(rows);
  const signed = new Int32Array(rows);
  let h = 480_000;
  for (let i = 0; i < rows; i++) {
    h += rnd() < 0.3 ? 1 : 0;
    hour[i] = h;
    region[i] = Math.floor(rnd() * 85);
    count[i] = rnd() < 0.001 ? 70_000 + Math.floor(rnd() * 1000) : 1 + Math.floor(rnd() * 4);
    signed[i] = Math.floor((rnd() - 0.5) * 2 ** 31);
  }
  return { rows, columns: { hour, region, count, signed } };
}

describe('cube codec', () => {
  it('round-trips every column exactly, including wide and negative values', () => {
    const table = randomTable(20_000, 7);
    const back = decodeTable(encodeTable(table));
    expect(back.rows).toBe(table.rows);
    expect(Object.keys(back.columns)).toEqual(['hour', 'region', 'count', 'signed']);
    for (const name of Object.keys(table.columns)) expect(Array.from(back.columns[name])).toEqual(Array.from(table.columns[name]));
  });

  it('round-trips an empty table', () => {
    const back = decodeTable(encodeTable({ rows: 0, columns: { hour: new Int32Array(0) } }));
    expect(back.rows).toBe(0);
    expect(back.columns.hour.length).toBe(0);
  });

  it('decodes gzip-compressed files and files a server already inflated', async () => {
    const table = randomTable(1000, 3);
    const raw = encodeTable(table);
    const fromGzip = await decodeCubeFile(new Uint8Array(gzipSync(raw)));
    const fromRaw = await decodeCubeFile(raw);
    expect(Array.from(fromGzip.columns.count)).toEqual(Array.from(table.columns.count));
    expect(Array.from(fromRaw.columns.hour)).toEqual(Array.from(table.columns.hour));
  });

  it('decodes rows straight into the order of a column, stably, every column alike', () => {
    const table = randomTable(20_000, 13);
    // Shuffled, so hours repeat out of order and the delta-encoded columns have negative steps.
    const rnd = seeded(17);
    const order = Array.from({ length: table.rows }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const shuffled: ColumnTable = { rows: table.rows, columns: Object.fromEntries(Object.entries(table.columns).map(([k, v]) => [k, Int32Array.from(order, (i) => v[i])])) };
    const expected = Array.from({ length: table.rows }, (_, i) => i).sort((a, b) => shuffled.columns.hour[a] - shuffled.columns.hour[b] || a - b);
    const back = decodeTable(encodeTable(shuffled), 'hour');
    for (const name of Object.keys(table.columns)) expect(Array.from(back.columns[name]), name).toEqual(expected.map((i) => shuffled.columns[name][i]));
  });

  it('keeps file order when the rows already ascend, or the order column spans too wide a range, or is absent', () => {
    // Hours ascend in randomTable; its signed column spans 2^32.
    const table = randomTable(1000, 21);
    const raw = encodeTable(table);
    for (const orderBy of ['hour', 'signed', 'nope']) {
      const back = decodeTable(raw, orderBy);
      for (const name of Object.keys(table.columns)) expect(Array.from(back.columns[name]), `${orderBy}: ${name}`).toEqual(Array.from(table.columns[name]));
    }
  });

  it('checks the whole layout before reading the order column', () => {
    const raw = encodeTable(randomTable(100, 1));
    expect(() => decodeTable(raw.subarray(0, raw.length - 10), 'hour')).toThrow(/truncated \(column "signed"\)/);
  });

  it('inflates into one buffer of the size the gzip trailer declares', async () => {
    const raw = encodeTable(randomTable(50_000, 5));
    const out = await gunzip(new Uint8Array(gzipSync(raw)));
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(raw.length);
    expect(Buffer.from(out).equals(Buffer.from(raw))).toBe(true);
  });

  it('still inflates everything when the trailer declares too little (several gzip members)', async () => {
    // The trailer describes only the last member: here 10 bytes of a much longer whole.
    const raw = encodeTable(randomTable(50_000, 9));
    const tail = new TextEncoder().encode('0123456789');
    const out = await gunzip(new Uint8Array(Buffer.concat([gzipSync(raw), gzipSync(tail)])));
    expect(out.length).toBe(raw.length + tail.length);
    expect(Buffer.from(out).equals(Buffer.concat([raw, tail]))).toBe(true);
  });

  it('reports a gzip file too short to have a trailer as the decompressor sees it', async () => {
    await expect(gunzip(new Uint8Array([0x1f, 0x8b, 8, 0, 0]))).rejects.toThrow(/end of file/);
  });

  it('hands back bytes that are not gzip untouched', async () => {
    const raw = encodeTable(randomTable(10, 2));
    expect(await gunzip(raw)).toBe(raw);
  });

  it('stores sorted hours and small counts compactly', () => {
    const table = randomTable(100_000, 11);
    const { hour, count } = table.columns;
    const compressed = gzipSync(encodeTable({ rows: table.rows, columns: { hour, count } }), { level: 9 });
    // 8 bytes a row as plain int32; delta + byte planes must do far better.
    expect(compressed.length).toBeLessThan(table.rows * 1.0);
  });

  it('rejects foreign, truncated and mismatched input with a reason', () => {
    const raw = encodeTable(randomTable(100, 1));
    expect(() => decodeTable(new TextEncoder().encode('PK\u0003\u0004 not a cube'))).toThrow(/bad magic/);
    expect(() => decodeTable(raw.subarray(0, raw.length - 10))).toThrow(CubeFormatError);
    expect(() => encodeTable({ rows: 3, columns: { a: new Int32Array(2) } })).toThrow(/column "a" has 2 values/);
  });
});
