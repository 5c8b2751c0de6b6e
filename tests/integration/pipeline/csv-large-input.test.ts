/**
 * The CSV reader on inputs of megabytes: characters split across the reader's 1 MB chunks, and rows longer than the
 * reader will buffer. Kept out of the unit project for their size (tens of MB of strings), not for any server.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRows } from '../../../data-pipeline/sources/csv/read-csv.ts';
import { CsvTokenizer, MAX_ROW_CHARS, OVERLONG_ROW } from '../../../data-pipeline/sources/csv/tokenizer.ts';

const dir = mkdtempSync(join(tmpdir(), 'tb-csv-large-'));

describe('csv reading across chunks', () => {
  it('splits multi-byte characters across 1 MB chunk boundaries correctly', async () => {
    const line = 'Москва,Новосибирск,Химки\n';
    writeFileSync(join(dir, 'big.csv'), 'a,b,c\n' + line.repeat(60_000));
    let n = 0;
    for await (const r of csvRows(join(dir, 'big.csv'))) {
      if (n++ > 0) expect(r).toEqual(['Москва', 'Новосибирск', 'Химки']);
    }
    expect(n).toBe(60_001);
  });
});

describe('a row longer than MAX_ROW_CHARS', () => {
  // Half again the limit: the reader gives up on the row before any chunk could complete it.
  const huge = 'x'.repeat(MAX_ROW_CHARS * 1.5);

  it('comes out as OVERLONG_ROW in its place, and the rows after it are read (text and byte mode, any chunking)', () => {
    const text = `a,b\n1,"${huge}"\n2,ok\n3,"${huge}\nstill quoted"\n4,last`;
    for (const size of [1 << 20]) {
      for (const bytes of [false, true]) {
        const t = new CsvTokenizer(',');
        const rows: string[][] = [];
        const buf = Buffer.from(text);
        for (let at = 0; at < text.length; at += size) bytes ? t.pushBytes(buf.subarray(at, at + size), rows) : t.push(text.slice(at, at + size), rows);
        t.end(rows);
        expect(rows.map((r) => (r === OVERLONG_ROW ? 'OVERLONG' : r.join('|')))).toEqual(['a|b', 'OVERLONG', '2|ok', 'OVERLONG', '4|last']);
      }
    }
  });

  it('is still an unclosed quote when the file ends inside it', () => {
    const t = new CsvTokenizer(',');
    const rows: string[][] = [];
    t.push(`a,b\n1,"${huge}`, rows);
    expect(() => t.end(rows)).toThrow(/unclosed quote at the end of the file/);
  });
});
