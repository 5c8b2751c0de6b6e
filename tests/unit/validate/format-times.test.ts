/**
 * A profile's time format read in SQL (validate/sql/format-times.ts) against the validator's own parser, in real
 * DuckDB: on every text SQL reads, the same instant; and SQL reads the ordinary ones (else every row would be slow).
 * Europe/Berlin changes its offset twice a year, so texts on those days must be left to the parser.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZoneClock } from '../../../shared/time/zone-clock.ts';
import { sqlString } from '../../../data-pipeline/sources/csv/duckdb-scan.ts';
import { sqlTimeReader } from '../../../data-pipeline/validate/sql/format-times.ts';
import { compileTimeFormat, parseIso } from '../../../data-pipeline/validate/time.ts';
import { campaignTimeRange } from '../../../data-pipeline/validate/time-range.ts';

const zone = new ZoneClock('Europe/Berlin');
const range = campaignTimeRange({ start: '2024-01-01' }, { from: '2023-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' }, 0);
let instance: DuckDBInstance;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
});
afterAll(() => instance.closeSync());

/** What the validator reads: the format first, ISO after (RecordValidator.parserFor). */
function parserOf(format: string): (s: string) => number {
  const custom = compileTimeFormat(format, zone);
  return (s) => {
    const v = custom(s);
    return Number.isNaN(v) ? parseIso(s, zone) : v;
  };
}

async function sqlValues(format: string, texts: string[]): Promise<Array<number | null>> {
  const reader = sqlTimeReader(format, zone, range)!;
  const conn = await instance.connect();
  const rows = (await conn.runAndReadAll(`SELECT ${reader('t')} FROM (SELECT unnest([${texts.map(sqlString).join(', ')}]) AS t, generate_subscripts([${texts.map(() => '0').join(', ')}], 1) AS i) ORDER BY i`)).getRowsJS();
  conn.closeSync();
  return rows.map((r) => (r[0] === null ? null : Number(r[0])));
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

describe('a profile time format read in SQL', () => {
  it('reads what the parser reads, to the same instant, and leaves the rest to it', async () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (const format of ['DD.MM.YYYY HH:mm', 'DD.MM.YYYY HH:mm:ss', 'YYYY/MM/DD', 'MM-DD-YYYY HH:mm']) {
      const texts: string[] = [];
      for (let k = 0; k < 3000; k++) {
        const y = 2023 + rnd(3), mo = 1 + rnd(13), d = 1 + rnd(32), h = rnd(26), mi = rnd(61), s = rnd(61);
        let t = format.replace('YYYY', pad(y, 4)).replace('MM', pad(mo)).replace('DD', pad(d)).replace('HH', pad(h)).replace('mm', pad(mi)).replace('ss', pad(s));
        const defect = rnd(20);
        if (defect === 0) t = t.replace(/:\d\d$/, ''); // without seconds (or minutes)
        if (defect === 1) t = t.replace('.', '/'); // a wrong literal
        if (defect === 2) t = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:00+01:00`; // ISO in a formatted column
        if (defect === 3) t = ` ${t}`;
        texts.push(t);
      }
      // The days Berlin changes its offset, and the hour it skips.
      texts.push(...['2024-03-31', '2024-10-27', '2023-03-26'].map((day) => format.replace('YYYY', day.slice(0, 4)).replace('MM', day.slice(5, 7)).replace('DD', day.slice(8, 10)).replace('HH', '02').replace('mm', '30').replace('ss', '00')));
      const parse = parserOf(format);
      const sql = await sqlValues(format, texts);
      let read = 0;
      texts.forEach((t, i) => {
        if (sql[i] === null) return;
        read++;
        expect({ t, ms: sql[i] }).toEqual({ t, ms: parse(t) });
      });
      // Valid texts in the campaign's range are about a third (months 13, days past the month's end, hours past 23
      // and instants past the range are not; the validator rejects the last): SQL reads nearly all of them.
      const valid = texts.filter((t) => parse(t) >= range.from && parse(t) < range.to).length;
      expect(valid).toBeGreaterThan(500);
      expect(read).toBeGreaterThan(valid * 0.9);
      for (const day of ['2024-03-31', '2024-10-27']) {
        const i = texts.length - 3 + ['2024-03-31', '2024-10-27', '2023-03-26'].indexOf(day);
        expect(sql[i]).toBeNull();
      }
    }
  }, 60_000);

  it('reads no text SQL cannot vouch for outside the time range span', async () => {
    const [inside, before] = await sqlValues('DD.MM.YYYY HH:mm', ['15.01.2024 10:00', '15.01.2019 10:00']);
    expect(inside).toBe(parserOf('DD.MM.YYYY HH:mm')('15.01.2024 10:00'));
    expect(before).toBeNull();
  });
});
