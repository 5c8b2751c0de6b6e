import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoOffsetCode, sqlIsoMs, sqlIsoOffsetCode, sqlIsoText } from '../../../data-pipeline/validate/sql/fast-checks.ts';
import { parseIso } from '../../../data-pipeline/validate/time.ts';
import { ZoneClock } from '../../../shared/time/zone-clock.ts';
import { prng } from '../../support/labelled-set.ts';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Timestamps in the one shape the scan reads: any valid date and time, any offset up to ±18:59, `-00:00` too. */
function randomIsoTexts(count: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  return Array.from({ length: count }, (_, i) => {
    const y = 1990 + pick(60);
    const mo = 1 + pick(12);
    const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const d = i % 7 === 0 ? days : 1 + pick(days); // month ends (29 February included) often
    const sign = rnd() < 0.5 ? '-' : '+';
    const offset = i % 5 === 0 ? '00:00' : `${pad(pick(19))}:${pad(pick(60))}`;
    return `${y}-${pad(mo)}-${pad(d)}T${pad(pick(24))}:${pad(pick(60))}:${pad(pick(60))}${sign}${offset}`;
  });
}

describe('a timestamp kept as epoch ms and offset code', () => {
  let db: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    db = await DuckDBInstance.create(':memory:');
    conn = await db.connect();
  });
  afterAll(() => {
    conn.closeSync();
    db.closeSync();
  });
  const table = (name: string, texts: string[]): Promise<unknown> => conn.run(`CREATE TABLE ${name} AS SELECT unnest([${texts.map((x) => `'${x}'`).join(', ')}]) AS x`);

  it('gives back its text exactly, and the ms are what the validator reads', async () => {
    const texts = randomIsoTexts(2000, 11);
    await table('t', texts);
    const rows = (await conn.runAndReadAll(`SELECT x, ms, ${sqlIsoText('ms', sqlIsoOffsetCode('x'))} FROM (SELECT x, ${sqlIsoMs('x')} AS ms FROM t)`)).getRowsJS();
    const zone = new ZoneClock('UTC');
    expect(rows.map((r) => r[2])).toEqual(texts);
    expect(rows.map((r) => Number(r[1]))).toEqual(texts.map((x) => parseIso(x, zone)));
  });

  it("has the offset code a scan's usual offset stands for, computed in TypeScript as in SQL", async () => {
    const texts = randomIsoTexts(500, 12);
    await table('u', texts);
    const codes = (await conn.runAndReadAll(`SELECT ${sqlIsoOffsetCode('x')} FROM u`)).getRowsJS().map((r) => Number(r[0]));
    expect(texts.map((x) => isoOffsetCode(x.slice(19)))).toEqual(codes);
    // -00:00 keeps its sign apart from +00:00.
    expect([isoOffsetCode('+00:00'), isoOffsetCode('-00:00'), isoOffsetCode('-05:30')]).toEqual([0, -1, -331]);
    for (const notOne of ['Z', '+0300', '+19:00', '+03:60', '03:00', '']) expect(isoOffsetCode(notOne)).toBeNull();
  });
});
