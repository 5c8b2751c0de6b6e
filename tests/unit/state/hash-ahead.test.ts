import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { csvGrowth } from '../../../data-pipeline/state/csv-growth.ts';
import { HashAhead } from '../../../data-pipeline/state/hash-ahead.ts';

const rows = (from: number, to: number): string => Array.from({ length: to - from }, (_, i) => `${from + i},x${from + i}\n`).join('');

describe('HashAhead', () => {
  let ahead: HashAhead;
  afterEach(() => ahead?.close());

  it("gives csvGrowth's answer from its worker, for a whole file and for one cut where the last build stopped", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-ahead-'));
    const path = join(dir, 'r.csv');
    writeFileSync(path, 'id,v\n' + rows(0, 50_000));
    const whole = csvGrowth(path, null);
    const mark = { size: whole.size, sha256: whole.sha256, endsWithNewline: whole.endsWithNewline, rows: 50_000 };
    appendFileSync(path, rows(50_000, 50_100));
    ahead = new HashAhead();
    ahead.start(path, mark);
    const grown = await ahead.growth(path, mark);
    expect(grown).toEqual(csvGrowth(path, mark));
    expect(grown.from).toBe(mark.size);
  });

  it('hashes again a file changed after its worker began, or asked for with another cut', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-ahead-'));
    const path = join(dir, 'r.csv');
    writeFileSync(path, 'id,v\n' + rows(0, 1000));
    const first = csvGrowth(path, null);
    const mark = { size: first.size, sha256: first.sha256, endsWithNewline: first.endsWithNewline, rows: 1000 };
    ahead = new HashAhead();
    ahead.start(path, mark);
    // Grown while (or before) the worker hashed it: the build reads the file as it is now.
    appendFileSync(path, rows(1000, 1010));
    const grown = await ahead.growth(path, mark);
    expect(grown).toEqual(csvGrowth(path, mark));
    expect(grown.size).toBeGreaterThan(first.size);
    // Asked for in full (the state was not kept after all): not the cut the worker took.
    const other = join(dir, 's.csv');
    writeFileSync(other, 'id,v\n' + rows(0, 10));
    ahead.start(other, mark);
    expect(await ahead.growth(other, null)).toEqual(csvGrowth(other, null));
  });

  it('still answers once closed, by hashing here', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-ahead-'));
    const path = join(dir, 'r.csv');
    writeFileSync(path, 'id,v\n' + rows(0, 100));
    ahead = new HashAhead();
    ahead.start(path, null);
    await ahead.close();
    expect(await ahead.growth(path, null)).toEqual(csvGrowth(path, null));
  });
});
