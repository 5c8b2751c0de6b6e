import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timeStorage } from '../../../data-pipeline/sources/csv/duckdb-scan.ts';

// The scan keeps a fast row's timestamps as little as it can, and slowRows rebuilds their text from what it kept:
// every instant of the range must come back exactly, in DuckDB itself.
describe("the scan's stored timestamps", () => {
  let instance: DuckDBInstance;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => instance.closeSync());

  async function roundTrip(range: { from: number; to: number }, values: number[], fast = true): Promise<{ type: string; back: Array<number | null> }> {
    const stored = timeStorage(range);
    const conn = await instance.connect();
    try {
      const rows = values.map((v) => `(${v}::BIGINT, ${fast})`).join(', ');
      const sql = `SELECT typeof(t), ${stored.ms('t')} FROM (SELECT ${stored.of('ms')} AS t FROM (VALUES ${rows}) v(ms, fast))`;
      const read = (await conn.runAndReadAll(sql)).getRowsJS();
      return { type: String(read[0][0]), back: read.map((r) => (r[1] === null ? null : Number(r[1]))) };
    } finally {
      conn.closeSync();
    }
  }

  const campaign = { from: Date.UTC(2015, 11, 1), to: Date.UTC(2026, 11, 2) };

  it('keeps whole seconds of a campaign range as INTEGER seconds, and gives back the epoch ms', async () => {
    const values = [campaign.from, campaign.from + 1000, Date.UTC(2018, 0, 4, 20, 59, 59), campaign.to - 1000];
    const { type, back } = await roundTrip(campaign, values);
    expect(type).toBe('INTEGER');
    expect(back).toEqual(values);
  });

  it('keeps epoch ms when the range is longer than INTEGER seconds reach', async () => {
    const wide = { from: Date.UTC(2000, 0, 1), to: Date.UTC(2100, 0, 1) };
    const values = [wide.from, Date.UTC(2080, 5, 1, 12, 0, 1), wide.to - 1000];
    const { type, back } = await roundTrip(wide, values);
    expect(type).toBe('BIGINT');
    expect(back).toEqual(values);
  });

  it('keeps nothing of a slow row, whose cells are kept as they are', async () => {
    const { back } = await roundTrip(campaign, [campaign.from + 5000], false);
    expect(back).toEqual([null]);
  });
});
