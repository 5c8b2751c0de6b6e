import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv, toCsv } from '../../../shared/csv/csv.ts';

describe('csv', () => {
  it('defuses formula starts in text cells but keeps numbers numeric', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+7 999')).toBe("'+7 999");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
  });

  it('quotes per RFC 4180 and round-trips with a BOM', () => {
    const text = toCsv(['name', 'n'], [['Москва, "центр"', 3], ['line\nbreak', 0]]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('"Москва, ""центр""",3\r\n');
    expect(parseCsv(text)).toEqual([['name', 'n'], ['Москва, "центр"', '3'], ['line\nbreak', '0']]);
  });
});
