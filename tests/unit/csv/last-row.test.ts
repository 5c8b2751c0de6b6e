import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastRowLongerThan } from '../../../data-pipeline/sources/csv/last-row.ts';

const dir = mkdtempSync(join(tmpdir(), 'tb-last-row-'));
let n = 0;
/** Whether the last row of a file holding `text` is longer than `limit` bytes. */
function longer(text: string, limit: number): boolean {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, text);
  return lastRowLongerThan(path, limit);
}

describe('lastRowLongerThan', () => {
  it('measures the last line, whatever line ends follow it', () => {
    for (const end of ['', '\n', '\r\n', '\n\n\r\n']) {
      expect(longer(`id,city\n1,${'x'.repeat(20)}${end}`, 22)).toBe(false);
      expect(longer(`id,city\n1,${'x'.repeat(21)}${end}`, 22)).toBe(true);
    }
  });

  it('takes in the lines a quoted field carries on to, and not a line end after a closed quote', () => {
    const quoted = `2,"a\n${'y'.repeat(30)}\nb"`;
    expect(longer(`id,city\n1,x\n${quoted}\n`, 30)).toBe(true);
    expect(longer(`id,city\n1,x\n${quoted}\n`, quoted.length)).toBe(false);
    // Escaped quotes come in pairs: the row still starts after "1,x".
    expect(longer(`id,city\n1,x\n2,"say ""hi""\n${'y'.repeat(30)}"\n`, 35)).toBe(true);
    expect(longer(`id,city\n1,"x"\n2,"${'y'.repeat(30)}"\n`, 40)).toBe(false);
  });

  it('reads past its first 64 KB read, and counts a file of one row whole', () => {
    const big = 'z'.repeat(200_000);
    expect(longer(`id,city\n1,${big}\n`, 199_999)).toBe(true);
    expect(longer(`id,city\n1,${big}\n`, 200_002)).toBe(false);
    expect(longer(`1,${big}`, 200_001)).toBe(true);
    expect(longer(`1,${big}`, 200_002)).toBe(false);
    expect(longer('', 0)).toBe(false);
  });
});
