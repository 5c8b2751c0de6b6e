import { createHmac } from 'node:crypto';
import { appendFileSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { csvGrowth } from '../../../data-pipeline/state/csv-growth.ts';
import { FileHashes } from '../../../data-pipeline/state/file-hashes.ts';
import { stateKey, stateKeyFromEnv } from '../../../data-pipeline/state/state-key.ts';

const IDS = ['abc', 'Ёлка-42', "o'neil", 'x'.repeat(200), '+79161234567'];

describe('state keys', () => {
  for (const secret of ['short secret', 'к'.repeat(40)]) {
    it(`are HMAC-SHA256 truncated to 128 bits, the same in SQL and TypeScript (${secret.length}-character secret)`, async () => {
      const key = stateKey(Buffer.from(secret, 'utf8'));
      const db = await DuckDBInstance.create(':memory:');
      const conn = await db.connect();
      const values = IDS.map((id) => `('${id.replace(/'/g, "''")}')`).join(', ');
      const rows = (await conn.runAndReadAll(`SELECT id, lower(hex(${key.sql('id')})) FROM (VALUES ${values}) t(id)`)).getRows();
      for (const [id, sqlKey] of rows) {
        const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(String(id)).digest().subarray(0, 16).toString('hex');
        expect(sqlKey).toBe(expected);
        expect(key.ofId(String(id)).toString('hex')).toBe(expected);
      }
      conn.closeSync();
      db.closeSync();
    });
  }

  it('need the secret: none without TALLYBOARD_STATE_KEY, and another secret gives other keys and another check', () => {
    expect(stateKeyFromEnv({})).toBeNull();
    const a = stateKeyFromEnv({ TALLYBOARD_STATE_KEY: 'a' })!;
    const b = stateKeyFromEnv({ TALLYBOARD_STATE_KEY: 'b' })!;
    expect(a.ofId('id-1').equals(b.ofId('id-1'))).toBe(false);
    expect(a.check).not.toBe(b.check);
  });
});

describe('csvGrowth', () => {
  it('reads only the tail of a file that grew, and the whole of one that changed', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tb-growth-')), 'r.csv');
    writeFileSync(path, 'id\n1\n2\n');
    const first = csvGrowth(path, null);
    expect(first.from).toBe(0);
    const mark = { size: first.size, sha256: first.sha256, endsWithNewline: first.endsWithNewline, rows: 2 };
    appendFileSync(path, '3\n');
    expect(csvGrowth(path, mark).from).toBe(mark.size);
    writeFileSync(path, 'id\n1\n9\n3\n');
    expect(csvGrowth(path, mark).from).toBe(0);
    writeFileSync(path, 'id\n1\n2');
    const cut = csvGrowth(path, null);
    appendFileSync(path, '3\n');
    // The last row had no line end: "23" is one row now, so the file is read again in full.
    expect(csvGrowth(path, { size: cut.size, sha256: cut.sha256, endsWithNewline: cut.endsWithNewline, rows: 2 }).from).toBe(0);
  });

  it("in a long-lived process, takes an unchanged file's hash from what it read before, never a changed one's", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tb-growth-')), 'd.csv');
    writeFileSync(path, 'id\n1\n2\n');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const hashes = new FileHashes();
    const first = csvGrowth(path, null, hashes);
    const stat = statSync(path, { bigint: true });
    expect(hashes.unchanged(path, stat)).toEqual({ ...first, from: 0 });
    const mark = { size: first.size, sha256: first.sha256, endsWithNewline: first.endsWithNewline, rows: 2 };
    expect(csvGrowth(path, mark, hashes).from).toBe(first.size);
    // Same size, the modification time put back: the change time still tells, and the file is read again.
    writeFileSync(path, 'id\n1\n3\n');
    utimesSync(path, old, old);
    expect(hashes.unchanged(path, statSync(path, { bigint: true }))).toBeNull();
    const edited = csvGrowth(path, mark, hashes);
    expect([edited.from, edited.sha256 === first.sha256]).toEqual([0, false]);
  });

  it('does not remember a file modified less than two seconds before it was read', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tb-growth-')), 'd.csv');
    writeFileSync(path, 'id\n1\n');
    const hashes = new FileHashes();
    csvGrowth(path, null, hashes);
    expect(hashes.unchanged(path, statSync(path, { bigint: true }))).toBeNull();
  });
});
