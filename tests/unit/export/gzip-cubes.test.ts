import { describe, expect, it } from 'vitest';
import { CUBE_GZIP, DAILY_CUBE_GZIP, gzipCubes } from '../../../data-pipeline/export/write-dataset.ts';
import { decodeTable, encodeTable } from '../../../shared/cube/codec.ts';
import { dailyRollup } from '../../../shared/cube/day-rollup.ts';
import { DELIVERY_COLUMNS, REGISTRATION_COLUMNS, type ColumnTable } from '../../../shared/cube/format.ts';
import { prng } from '../../support/labelled-set.ts';
import { gunzipSync, gzipSync } from 'node:zlib';

function table(columns: readonly string[], rows: number, seed: number): ColumnTable {
  const rnd = prng(seed);
  return { rows, columns: Object.fromEntries(columns.map((c, k) => [c, Int32Array.from({ length: rows }, (_, i) => (k === 0 ? 400_000 + (i >> 4) : Math.floor(rnd() * (k * 37 + 2))))])) };
}

describe('gzipCubes', () => {
  it('compresses while encoding, a column at a time, into the bytes the whole encoding gzips to', async () => {
    // Several megabytes: many deflate blocks, and columns of every width.
    const registrations = table(REGISTRATION_COLUMNS, 300_000, 1);
    registrations.columns.source[7] = 70_000;
    const deliveries = table(DELIVERY_COLUMNS, 5_000, 2);
    const cubes = await (await gzipCubes({ registrations, deliveries, campaign: { timeZone: 'UTC' } })).compressed;
    expect(Buffer.from(cubes.registrations).equals(gzipSync(encodeTable(registrations), CUBE_GZIP))).toBe(true);
    expect(Buffer.from(cubes.deliveries).equals(gzipSync(encodeTable(deliveries), CUBE_GZIP))).toBe(true);
    expect(decodeTable(gunzipSync(cubes.registrations)).columns.source[7]).toBe(70_000);
    const daily = dailyRollup(registrations, 'UTC');
    expect(cubes.registrationsDaily.rows).toBe(daily.rows);
    expect(Buffer.from(cubes.registrationsDaily.bytes).equals(gzipSync(encodeTable(daily), DAILY_CUBE_GZIP))).toBe(true);
  });
});
