import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { createCsvSource } from '../../../data-pipeline/sources/csv-source.ts';
import { csvRows } from '../../../data-pipeline/sources/csv/read-csv.ts';
import { CsvTokenizer } from '../../../data-pipeline/sources/csv/tokenizer.ts';
import type { RawRecord } from '../../../data-pipeline/sources/types.ts';
import { parseIso, compileTimeFormat } from '../../../data-pipeline/validate/time.ts';
import { ZoneClock } from '../../../shared/time/zone-clock.ts';
import { HashedIdSet } from '../../../data-pipeline/validate/id-set.ts';

const tokenize = (chunks: string[], delimiter = ','): string[][] => {
  const t = new CsvTokenizer(delimiter);
  const out: string[][] = [];
  for (const c of chunks) t.push(c, out);
  t.end(out);
  return out;
};

describe('CsvTokenizer', () => {
  const text = 'a,b,c\r\n1,"x, ""quoted""\nline two",3\n\n2,,"end"\r\n3,"",z';
  const expected = [
    ['a', 'b', 'c'],
    ['1', 'x, "quoted"\nline two', '3'],
    ['2', '', 'end'],
    ['3', '', 'z']
  ];
  it('handles quotes, doubled quotes, quoted newlines, CRLF, empty lines and a last row without newline', () => {
    expect(tokenize([text])).toEqual(expected);
  });
  it('gives the same rows whatever the chunk boundaries', () => {
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j += 3) expect(tokenize([text.slice(0, i), text.slice(i, j), text.slice(j)])).toEqual(expected);
    }
  });
  it('supports another delimiter and relaxed text after a closing quote', () => {
    expect(tokenize(['a;"b;c"d;e\n'], ';')).toEqual([['a', 'b;cd', 'e']]);
  });
  it('refuses an unclosed quote at the end', () => {
    expect(() => tokenize(['a,"b\n'])).toThrow(/unclosed quote/);
  });
});

describe('csv reading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-csv-'));
  it('reads Windows-1251 with ";" and a quoted newline, and strips a UTF-8 BOM', async () => {
    writeFileSync(join(dir, 'p.csv'), iconv.encode('ID;Город;ФИО\n1;Тула;"Пётр\nПервый"\n2;Москва;Анна\n', 'windows-1251'));
    const rows: string[][] = [];
    for await (const r of csvRows(join(dir, 'p.csv'), { encoding: 'windows-1251', delimiter: ';' })) rows.push(r);
    expect(rows).toEqual([
      ['ID', 'Город', 'ФИО'],
      ['1', 'Тула', 'Пётр\nПервый'],
      ['2', 'Москва', 'Анна']
    ]);
    writeFileSync(join(dir, 'bom.csv'), '\uFEFFid,city\n1,Москва\n');
    const bom: string[][] = [];
    for await (const r of csvRows(join(dir, 'bom.csv'))) bom.push(r);
    expect(bom[0]).toEqual(['id', 'city']);
  });
  it('maps a profile, drops personal columns from fields and blanks them in raw, numbers data rows', async () => {
    writeFileSync(join(dir, 'partner.csv'), iconv.encode('ID;Дата;ФИО;Телефон;Город;Статус\n10;05.03.2024 12:00;"Пётр\nПервый";+79990001122;Тула;ok\n11;05.03.2024 13:00;Спам;+79990001133;Тула;spam\n', 'windows-1251'));
    const src = createCsvSource(
      {
        name: 'partner',
        path: 'partner.csv',
        profile: {
          encoding: 'windows-1251',
          delimiter: ';',
          columns: { id: 'ID', created_at: 'Дата', city: 'Город' },
          status: { column: 'Статус', keep: ['ok'], drop: ['spam'] },
          personal: ['ФИО', 'Телефон']
        }
      },
      dir
    );
    const recs: RawRecord[] = [];
    for await (const r of src.records()) recs.push(r);
    expect(recs.map((r) => r.row)).toEqual([1, 2]);
    expect(recs[0].fields).toEqual({ id: '10', created_at: '05.03.2024 12:00', city: 'Тула' });
    expect(recs[0].readError).toBeUndefined();
    expect(recs[1].readError).toEqual({ field: 'status', reason: 'status "spam" is dropped by the profile' });
    expect(recs[1].raw).toBe('11;05.03.2024 13:00;;;Тула;spam');
    expect(JSON.stringify(recs.map((r) => r.fields))).not.toMatch(/Пётр|7999/);
  });
});

describe('time parsing', () => {
  const zone = new ZoneClock('Europe/Moscow');
  it('reads ISO 8601 with offsets and local time in the campaign zone', () => {
    for (const s of ['2024-03-05T14:23:11+03:00', '2024-03-05T11:23:11Z', '2024-03-05 14:23:11+0300', '2024-03-05T14:23:11', '2024-03-05T14:23:11.000+03:00']) {
      expect(parseIso(s, zone)).toBe(Date.parse('2024-03-05T11:23:11Z'));
    }
    expect(parseIso('2024-03-05T06:00-05:00', zone)).toBe(Date.parse('2024-03-05T11:00:00Z'));
    for (const s of ['2024-02-30T10:00:00Z', 'not a date', '2024-03-05T25:00:00Z', '2024-03-05T10:00:00+03:00x', '']) expect(parseIso(s, zone)).toBeNaN();
  });
  it('reads a profile timeFormat in the campaign zone, across DST in another zone', () => {
    expect(compileTimeFormat('DD.MM.YYYY HH:mm', zone)('05.03.2024 14:07')).toBe(Date.parse('2024-03-05T11:07:00Z'));
    const ny = new ZoneClock('America/New_York');
    expect(compileTimeFormat('MM/DD/YYYY HH:mm:ss', ny)('07/04/2024 12:00:00')).toBe(Date.parse('2024-07-04T16:00:00Z'));
    expect(compileTimeFormat('MM/DD/YYYY HH:mm:ss', ny)('01/04/2024 12:00:00')).toBe(Date.parse('2024-01-04T17:00:00Z'));
    expect(compileTimeFormat('DD.MM.YYYY HH:mm', zone)('32.03.2024 14:07')).toBeNaN();
  });
});

describe('HashedIdSet', () => {
  it('detects repeats across growth', () => {
    const s = new HashedIdSet(16);
    for (let i = 0; i < 100_000; i++) expect(s.add(`id-${i}`)).toBe(true);
    for (let i = 0; i < 100_000; i += 997) expect(s.add(`id-${i}`)).toBe(false);
    expect(s.size).toBe(100_000);
  });
});
