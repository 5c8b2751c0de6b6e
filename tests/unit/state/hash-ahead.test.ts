import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { csvGrowth, type CsvMark } from '../../../data-pipeline/state/csv-growth.ts';
import { HashAhead } from '../../../data-pipeline/state/hash-ahead.ts';

const rows = (from: number, to: number): string => Array.from({ length: to - from }, (_, i) => `${from + i},x${from + i}\n`).join('');

/** A CSV file of `n` rows in a fresh folder, and the mark a build that read it all would leave. */
function csvOf(n: number): { dir: string; path: string; mark: CsvMark } {
  const dir = mkdtempSync(join(tmpdir(), 'tb-ahead-'));
  const path = join(dir, 'r.csv');
  writeFileSync(path, 'id,v\n' + rows(0, n));
  const whole = csvGrowth(path, null);
  return { dir, path, mark: { size: whole.size, sha256: whole.sha256, endsWithNewline: whole.endsWithNewline, rows: n } };
}

describe('HashAhead', () => {
  let ahead: HashAhead;
  afterEach(() => ahead?.close());

  it("gives csvGrowth's answer from its worker, for a whole file and for one cut where the last build stopped", async () => {
    const { dir, path, mark } = csvOf(50_000);
    appendFileSync(path, rows(50_000, 50_100));
    const log = join(dir, 'log.csv');
    writeFileSync(log, 'id,v\n' + rows(0, 20_000));
    ahead = new HashAhead();
    ahead.start(path, mark);
    ahead.start(log, null);
    const grown = await ahead.growth(path, mark);
    expect(grown).toEqual(csvGrowth(path, mark));
    expect(grown.from).toBe(mark.size);
    expect(await ahead.growth(log, null)).toEqual(csvGrowth(log, null));
  });

  it('hashes again a file changed after its worker began, or asked for with another cut', async () => {
    const { path, mark } = csvOf(1000);
    ahead = new HashAhead();
    ahead.start(path, mark);
    // Grown while (or before) the worker hashed it: the build reads the file as it is now.
    appendFileSync(path, rows(1000, 1010));
    const grown = await ahead.growth(path, mark);
    expect(grown).toEqual(csvGrowth(path, mark));
    expect(grown.size).toBeGreaterThan(mark.size);
    // Hashed whole, then asked for against a mark (the watermarks guessed wrong): not the cut the worker took.
    const other = csvOf(10);
    appendFileSync(other.path, rows(10, 12));
    ahead.start(other.path, null);
    const asked = await ahead.growth(other.path, other.mark);
    expect(asked).toEqual(csvGrowth(other.path, other.mark));
    expect(asked.from).toBe(other.mark.size);
  });

  it('still answers once closed, by hashing here', async () => {
    const { path } = csvOf(100);
    ahead = new HashAhead();
    ahead.start(path, null);
    await ahead.close();
    expect(await ahead.growth(path, null)).toEqual(csvGrowth(path, null));
  });
});
