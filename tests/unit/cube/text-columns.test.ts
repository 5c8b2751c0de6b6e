/** readTextColumns (cube/text-columns.ts) on real DuckDB: the driver's own values, in order, whatever the text holds. */
import { describe, expect, it } from 'vitest';
import { readTextColumns } from '../../../data-pipeline/cube/text-columns.ts';
import { useMemoryDuckDb } from '../../support/memory-duckdb.ts';

const db = useMemoryDuckDb();

async function table(rows: Array<[number, string, string]>): Promise<void> {
  await db().run('CREATE OR REPLACE TABLE t (k INTEGER, a VARCHAR, b VARCHAR)');
  const appender = await db().createAppender('t');
  for (const [k, a, b] of rows) {
    appender.appendInteger(k);
    appender.appendVarchar(a);
    appender.appendVarchar(b);
    appender.endRow();
  }
  appender.closeSync();
}

const driver = async (): Promise<string[][]> => (await db().runAndReadAll('SELECT a, b FROM t ORDER BY k')).getColumnsJS().map((c) => c.map(String));

describe('readTextColumns', () => {
  it('reads what the driver reads, in the order given: empty strings, spaces, Cyrillic, astral characters, separators', async () => {
    const texts = ['', ' ', 'Москва', '  Химки, Московская обл. ', '😀 город', 'a\u001fb', '\n', 'ё', 'x'.repeat(3000)];
    let seed = 7;
    const rnd = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const rows: Array<[number, string, string]> = Array.from({ length: 5000 }, (_, i) => [(i * 7919) % 5000, texts[rnd(texts.length)], texts[rnd(texts.length)] + String(i)]);
    await table(rows);
    const read = await readTextColumns(db(), 't', ['a', 'b'], 'k');
    expect(read).toEqual(await driver());
    expect(read[0]).toHaveLength(5000);
  });

  it('reads a value holding a NUL whole (the driver path), and an empty table as empty columns', async () => {
    await table([[2, 'b\u0000c', ''], [1, 'a', '\u0000'], [3, '', 'z']]);
    expect(await readTextColumns(db(), 't', ['a', 'b'], 'k')).toEqual([['a', 'b\u0000c', ''], ['\u0000', '', 'z']]);
    await table([]);
    expect(await readTextColumns(db(), 't', ['a', 'b'], 'k')).toEqual([[], []]);
    await table([[1, '', '']]);
    expect(await readTextColumns(db(), 't', ['a', 'b'], 'k')).toEqual([[''], ['']]);
  });
});
