import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { sniffCsvFile } from '../../../data-pipeline/sources/csv/sniff-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'tb-sniff-'));
const CSV = 'id,created_at,city\n' + Array.from({ length: 60 }, (_, i) => `r${i},2024-03-05T10:00:00Z,Новосибирск Москва Тула Химки`).join('\n') + '\n';
function file(name: string, bytes: Buffer | string): string {
  writeFileSync(join(dir, name), bytes);
  return join(dir, name);
}

describe('sniffCsvFile', () => {
  it('passes UTF-8 text, and UTF-16 when the profile declares it', () => {
    expect(sniffCsvFile(file('ok.csv', CSV), 'ok.csv')).toEqual([]);
    expect(sniffCsvFile(file('wide.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(CSV, 'utf-16le')])), 'wide.csv', 'utf-16le')).toEqual([]);
  });

  it('names a compressed file, a workbook, binary data and undeclared UTF-16, with what to do', () => {
    expect(() => sniffCsvFile(file('a.csv.gz', gzipSync(CSV)), 'a.csv.gz')).toThrow('a.csv.gz: the file is gzip-compressed, not CSV text; decompress it first (gunzip)');
    expect(() => sniffCsvFile(file('b.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), 'b.xlsx')).toThrow(/ZIP archive .*export the sheet as CSV/);
    expect(() => sniffCsvFile(file('c.bin', Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7) % 256))), 'c.bin')).toThrow(/binary data/);
    expect(() => sniffCsvFile(file('d.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(CSV, 'utf-16le')])), 'd.csv')).toThrow(/UTF-16LE text .*profile "encoding": "utf-16le"/);
  });

  it('warns that a Windows-1251 file read as UTF-8 looks like windows-1251', () => {
    const [warning] = sniffCsvFile(file('cp.csv', iconv.encode(CSV, 'windows-1251')), 'cp.csv');
    expect(warning).toMatch(/cp\.csv does not read as UTF-8: it looks like windows-1251 .*"encoding": "windows-1251"/);
    expect(sniffCsvFile(join(dir, 'cp.csv'), 'cp.csv', 'windows-1251')).toEqual([]);
  });
});
