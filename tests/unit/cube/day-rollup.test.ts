import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAILY_CUBE_PATH, dailyRollup } from '../../../shared/cube/day-rollup.ts';
import { decodeTable } from '../../../shared/cube/codec.ts';
import { REGISTRATION_COLUMNS, STAGES, type ColumnTable, type Manifest } from '../../../shared/cube/format.ts';
import { localDaysOf } from '../../../shared/time/local-days.ts';
import { writeDataset } from '../../../data-pipeline/export/write-dataset.ts';
import { buildSyntheticParts } from '../../support/synthetic-dataset.ts';
import { prng } from '../../support/labelled-set.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** A random hourly cube in no particular order, with repeated (hour, cell) keys, over `days` days from `firstHour`. */
function randomCube(rows: number, firstHour: number, days: number, seed: number): ColumnTable {
  const rnd = prng(seed);
  const cols = Object.fromEntries(REGISTRATION_COLUMNS.map((c) => [c, new Int32Array(rows)]));
  for (let i = 0; i < rows; i++) {
    cols.hour[i] = firstHour + Math.floor(rnd() * days * 24);
    cols.region[i] = Math.floor(rnd() * 7);
    cols.source[i] = Math.floor(rnd() * 3);
    cols.distance[i] = Math.floor(rnd() * 10);
    for (const s of STAGES) cols[s][i] = Math.floor(rnd() * 5);
    cols.registered[i] += 1;
  }
  return { rows, columns: cols };
}

/** The roll-up computed the obvious way: a map from (local day start, region, source, distance) to stage sums. */
function naive(table: ColumnTable, timeZone: string): Map<string, number[]> {
  const days = localDaysOf(timeZone);
  const out = new Map<string, number[]>();
  const c = table.columns;
  for (let i = 0; i < table.rows; i++) {
    const key = [days.dayStartOfHour(c.hour[i]), c.region[i], c.source[i], c.distance[i]].join(',');
    const sums = out.get(key) ?? STAGES.map(() => 0);
    STAGES.forEach((s, j) => (sums[j] += c[s][i]));
    out.set(key, sums);
  }
  return out;
}

function asMap(table: ColumnTable): Map<string, number[]> {
  const c = table.columns;
  const out = new Map<string, number[]>();
  for (let i = 0; i < table.rows; i++) {
    const key = [c.hour[i], c.region[i], c.source[i], c.distance[i]].join(',');
    if (out.has(key)) throw new Error(`key ${key} twice`);
    out.set(key, STAGES.map((s) => c[s][i]));
  }
  return out;
}

describe('dailyRollup', () => {
  // Across both 2018 DST changes in New York (23- and 25-hour days), a half-hour zone, and Moscow.
  it.each([
    ['America/New_York', Date.UTC(2018, 1, 20) / 3_600_000, 300],
    ['Asia/Kolkata', Date.UTC(2018, 0, 1) / 3_600_000, 40],
    ['Europe/Moscow', Date.UTC(2017, 10, 20) / 3_600_000, 60]
  ])('is exactly the hourly cube summed to the local days of %s', (timeZone, firstHour, days) => {
    const hourly = randomCube(20_000, firstHour, days, 7);
    const daily = dailyRollup(hourly, timeZone);
    expect(Object.keys(daily.columns)).toEqual([...REGISTRATION_COLUMNS]);
    expect(asMap(daily)).toEqual(naive(hourly, timeZone));
    // Every hour is the first hour of its local day, and the rows are in (day, region, source, distance) order.
    const local = localDaysOf(timeZone);
    const c = daily.columns;
    const misplaced: number[] = [];
    for (let i = 0; i < daily.rows; i++) {
      if (local.dayStartOfHour(c.hour[i]) !== c.hour[i]) misplaced.push(i);
      if (i > 0) {
        const a = [c.hour[i - 1], c.region[i - 1], c.source[i - 1], c.distance[i - 1]];
        const b = [c.hour[i], c.region[i], c.source[i], c.distance[i]];
        const k = a.findIndex((v, j) => v !== b[j]);
        if (!(k >= 0 && a[k] < b[k])) misplaced.push(i);
      }
    }
    expect(misplaced).toEqual([]);
    for (const s of STAGES) expect(c[s].reduce((x, y) => x + y, 0)).toBe(hourly.columns[s].reduce((x, y) => x + y, 0));
    expect(daily.rows).toBeLessThan(hourly.rows);
  });

  it('does not depend on the order of the hourly rows', () => {
    const hourly = randomCube(5_000, 420_000, 20, 3);
    const order = Array.from({ length: hourly.rows }, (_, i) => hourly.rows - 1 - i);
    const reversed: ColumnTable = { rows: hourly.rows, columns: Object.fromEntries(Object.entries(hourly.columns).map(([k, v]) => [k, Int32Array.from(order, (i) => v[i])])) };
    expect(dailyRollup(reversed, 'Europe/Moscow')).toEqual(dailyRollup(hourly, 'Europe/Moscow'));
  });

  it('writes over the spent arrays it is given, long enough or not, to the same result', () => {
    const hourly = randomCube(5_000, 420_000, 20, 3);
    const garbage = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 0);
    const spent = [garbage(hourly.rows + 7), garbage(hourly.rows - 1), new Int32Array(garbage(hourly.rows).buffer), garbage(hourly.rows), garbage(hourly.rows), garbage(hourly.rows), garbage(hourly.rows)];
    const before = spent.map((a) => a.slice());
    expect(dailyRollup(hourly, 'Europe/Moscow', spent)).toEqual(dailyRollup(hourly, 'Europe/Moscow'));
    // Six arrays long enough were written over; the short one was left alone.
    expect(spent.filter((a, k) => a.some((v, i) => v !== before[k][i])).length).toBe(6);
    expect(spent[1]).toEqual(before[1]);
  });

  it('is empty for an empty cube', () => {
    const empty: ColumnTable = { rows: 0, columns: Object.fromEntries(REGISTRATION_COLUMNS.map((c) => [c, new Int32Array(0)])) };
    expect(dailyRollup(empty, 'UTC').rows).toBe(0);
  });

  it('is published beside the hourly cube, listed and hashed in the manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-daily-'));
    try {
      const parts = buildSyntheticParts({ days: 10 });
      const manifest: Manifest = writeDataset(dir, parts);
      const entry = manifest.files.registrationsDaily!;
      expect(entry.path).toBe(DAILY_CUBE_PATH);
      const bytes = readFileSync(join(dir, entry.path));
      expect(entry.bytes).toBe(bytes.length);
      const table = decodeTable(gunzipSync(bytes));
      expect(table.rows).toBe(entry.rows);
      expect(asMap(table)).toEqual(naive(parts.registrations, parts.campaign.timeZone));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
