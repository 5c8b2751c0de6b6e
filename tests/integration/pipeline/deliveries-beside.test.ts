/**
 * The delivery log summed on a connection of its own beside the registrations (cube/deliveries-beside.ts), in real
 * DuckDB: once started, it hands over what summing the log on the build's own connection adds, only when asked,
 * and a cancel stops it whether it comes before the log's first statement or during one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sumDeliveriesBeside } from '../../../data-pipeline/cube/deliveries-beside.ts';
import { sumDeliveriesInDuckDb } from '../../../data-pipeline/cube/deliveries-duckdb.ts';
import { openReadDb, type ReadDb } from '../../../data-pipeline/cube/read-db.ts';
import type { Rejection } from '../../../data-pipeline/validate/validate.ts';

const RANGE = { from: Date.UTC(2024, 0, 1), to: Date.UTC(2025, 0, 1), label: '2024-01-01 … 2024-12-31' };

/** A log of `n` rows; every 1,000th has an unknown channel, so the log is read with its rows stored and rejects come. */
function writeLog(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'tb-beside-'));
  const lines = ['time,channel,gateway,status'];
  for (let i = 0; i < n; i++) lines.push(`2024-03-05T${String(10 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00+03:00,${i % 1000 === 999 ? 'fax' : i % 3 ? 'sms' : 'email'},gw${i % 7},${i % 5 ? 'delivered' : 'failed'}`);
  const path = join(dir, 'deliveries.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** A sink that records what is added, in order. */
function recorder(): { cells: number[][]; rejected: Rejection[]; cube: { addDelivery(...c: number[]): void }; rejects: { add(r: Rejection): void } } {
  const cells: number[][] = [];
  const rejected: Rejection[] = [];
  return { cells, rejected, cube: { addDelivery: (...c: number[]) => void cells.push(c) }, rejects: { add: (r: Rejection) => void rejected.push(r) } };
}

let db: ReadDb | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

describe('the delivery log summed beside the registrations', () => {
  it('hands over, when asked and not before, the cells, rejects and totals the build connection would have summed', async () => {
    const path = writeLog(20_000);
    const job = { path, label: 'deliveries.csv', timeZone: 'Europe/Moscow', range: RANGE };
    db = await openReadDb(mkdtempSync(join(tmpdir(), 'tb-beside-work-')), '512MB');
    const direct = recorder();
    const expected = await sumDeliveriesInDuckDb(db.conn, db.dir, job, direct.cube, direct.rejects);
    expect(direct.rejected).toHaveLength(20);

    const beside = sumDeliveriesBeside(db, job);
    beside.start();
    const held = recorder();
    // The build's own connection stays free meanwhile.
    expect((await db.conn.runAndReadAll('SELECT 42')).getRows()).toEqual([[42]]);
    await new Promise((r) => setTimeout(r, 300));
    expect(held.cells).toEqual([]);
    const { result, ms } = await beside.handOver(held.cube, held.rejects);
    expect(result).toEqual(expected);
    expect(held.cells).toEqual(direct.cells);
    expect(held.rejected).toEqual(direct.rejected);
    expect(ms).toBeGreaterThan(0);
    await beside.cancel(); // after the handover: nothing left to stop
  }, 60_000);

  it('stops when cancelled before its first statement or during one, and hands over nothing', async () => {
    const path = writeLog(300_000);
    const job = { path, label: 'deliveries.csv', timeZone: 'Europe/Moscow', range: RANGE };
    db = await openReadDb(mkdtempSync(join(tmpdir(), 'tb-beside-work-')), '512MB');
    for (const after of [0, 40]) {
      const beside = sumDeliveriesBeside(db, job);
      beside.start();
      await new Promise((r) => setTimeout(r, after));
      await beside.cancel();
      const held = recorder();
      await expect(beside.handOver(held.cube, held.rejects)).rejects.toThrow(/Interrupted|no longer read/);
      expect(held.cells).toEqual([]);
      expect(held.rejected).toEqual([]);
    }
  }, 60_000);
});
