import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonIsoOffset } from '../../../data-pipeline/sources/csv/duckdb-scan.ts';

// The scan keeps no offset code for a timestamp with the file's usual offset, read off its first data row.
describe("a CSV file's usual UTC offset", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-offset-'));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("is the first data row's, past a byte-order mark, the header and a quoted line break", () => {
    const path = file('site.csv', '\ufeffid,note,created_at\n1,"two\nlines",2024-03-05T10:00:00-04:00\n2,,2024-03-05T10:00:00+03:00\n');
    expect(commonIsoOffset(path, ',', true, 2)).toEqual({ text: '-04:00', code: -241 });
  });

  it('is read from the first line of a file without a header row (the profile names the columns)', () => {
    expect(commonIsoOffset(file('noheader.csv', '7;2024-03-05T10:00:00+05:00\n'), ';', false, 1)).toEqual({ text: '+05:00', code: 300 });
  });

  it('is none when the first timestamp is in another shape, has no such offset, is empty, or the file has no data row', () => {
    expect(commonIsoOffset(file('zulu.csv', 'id,created_at\n1,2024-03-05T10:00:00Z\n2,2024-03-05T10:00:00+03:00\n'), ',', true, 1)).toBeNull();
    expect(commonIsoOffset(file('no-such-offset.csv', 'id,created_at\n1,2024-03-05T10:00:00+19:00\n'), ',', true, 1)).toBeNull();
    expect(commonIsoOffset(file('empty-cell.csv', 'id,created_at\n1,\n'), ',', true, 1)).toBeNull();
    expect(commonIsoOffset(file('header-only.csv', 'id,created_at\n'), ',', true, 1)).toBeNull();
  });
});
