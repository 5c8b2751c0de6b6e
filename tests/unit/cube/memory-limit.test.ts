import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultMemoryLimit, largestFileBytes } from '../../../data-pipeline/cube/read-db.ts';

const MB = 1 << 20;
const GB = 1 << 30;

describe('DuckDB memory limit by default', () => {
  it('is 512 MB up to 170 MB of CSV (the 1M demo reads as before)', () => {
    expect(defaultMemoryLimit(0, 24 * GB)).toBe('512MB');
    expect(defaultMemoryLimit(170 * MB, 24 * GB)).toBe('512MB');
  });

  it('grows to three times the largest file, so the 10M demo does not spill', () => {
    expect(defaultMemoryLimit(1714322986, 24 * GB)).toBe(`${Math.floor((3 * 1714322986) / MB)}MB`);
  });

  it('takes at most 40 % of the machine, and never less than 512 MB', () => {
    expect(defaultMemoryLimit(10 * GB, 8 * GB)).toBe(`${Math.floor((0.4 * 8 * GB) / MB)}MB`);
    expect(defaultMemoryLimit(10 * GB, 1 * GB)).toBe('512MB');
  });

  const dir = mkdtempSync(join(tmpdir(), 'tb-memory-limit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('measures the largest of the files that exist', () => {
    writeFileSync(join(dir, 'a.csv'), 'x'.repeat(10));
    writeFileSync(join(dir, 'b.csv'), 'x'.repeat(30));
    expect(largestFileBytes([join(dir, 'a.csv'), join(dir, 'b.csv'), join(dir, 'missing.csv')])).toBe(30);
    expect(largestFileBytes([])).toBe(0);
  });
});
