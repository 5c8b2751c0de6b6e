import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvFile } from '../../../data-pipeline/csv-file.ts';
import { csvCell, csvLine, RAW, type CsvDialect } from '../../../shared/csv/csv.ts';
import { CsvTokenizer } from '../../../data-pipeline/sources/csv/tokenizer.ts';

const SEMICOLON: CsvDialect = { ...RAW, delimiter: ';' };

describe('the one CSV writer', () => {
  it('guards numeric-looking strings (a phone) but not numbers', () => {
    expect(csvCell('+79991234567')).toBe("'+79991234567");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(7)).toBe('7');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('writes raw data (the pipeline reads it back) without the guard', () => {
    expect(csvCell('+79991234567', RAW)).toBe('+79991234567');
    expect(csvCell('=1+1', RAW)).toBe('=1+1');
    expect(csvCell('a,b', RAW)).toBe('"a,b"');
  });

  it('quotes on its own delimiter, quotes, line breaks and edge spaces', () => {
    expect(csvCell('a;b', SEMICOLON)).toBe('"a;b"');
    expect(csvCell('a,b', SEMICOLON)).toBe('a,b');
    expect(csvCell(' Москва')).toBe('" Москва"');
    expect(csvCell('Москва ')).toBe('"Москва "');
    expect(csvCell('x"y', RAW)).toBe('"x""y"');
    expect(csvLine(['a', null, 3, 'b;c'], SEMICOLON)).toBe('a;;3;"b;c"');
  });

  it('round-trips through the pipeline tokenizer, the guard as the only change', () => {
    const cells = [' lead', 'a,b', 'q"q', 'line\nbreak', '=SUM(A1)', '+7 999', ''];
    const rows: string[][] = [];
    const t = new CsvTokenizer(',');
    t.push(csvLine(cells, RAW) + '\n' + csvLine(cells) + '\n', rows);
    t.end(rows);
    expect(rows[0]).toEqual(cells);
    expect(rows[1]).toEqual(cells.map((c) => (/^[=+]/.test(c) ? `'${c}` : c)));
  });

  it('CsvFile (rejects.csv, unresolved-cities.csv) guards what people typed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-file-'));
    try {
      const path = join(dir, 'out.csv');
      const file = new CsvFile(path, ['spelling', 'count']);
      file.row(['=cmd|calc', 3]);
      file.row(['-Москва', -1]);
      file.close();
      file.close();
      expect(existsSync(path)).toBe(false); // complete only once committed, just before the build publishes
      file.commit();
      expect(readFileSync(path, 'utf8')).toBe("spelling,count\n'=cmd|calc,3\n'-Москва,-1\n");
      expect(file.rows).toBe(2);

      const failed = new CsvFile(path, ['spelling', 'count']);
      failed.row(['partial', 1]);
      failed.discard();
      expect(readFileSync(path, 'utf8')).toContain('=cmd|calc');
      expect(readdirSync(dir)).toEqual(['out.csv']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
