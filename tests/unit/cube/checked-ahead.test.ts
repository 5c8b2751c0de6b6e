import { describe, expect, it } from 'vitest';
import { CheckedAhead, type CheckedRecord } from '../../../data-pipeline/cube/checked-ahead.ts';
import type { RawRecord, RegistrationSource } from '../../../data-pipeline/sources/types.ts';
import { campaignTimeRange } from '../../../data-pipeline/validate/time-range.ts';
import { RecordValidator } from '../../../data-pipeline/validate/validate.ts';

const range = campaignTimeRange({ start: '2024-01-15' }, undefined, Date.parse('2024-06-01T12:00:00Z'));
const newValidator = (): RecordValidator => new RecordValidator({ timeZone: 'Europe/Moscow', range });

/** Row i: valid, but every fifth repeats an earlier id, every seventh has no timestamp, and cities vary. */
function records(n: number, source = 'partner'): RawRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const id = i % 5 === 4 ? `id${i - 2}` : `id${i}`;
    const created = i % 7 === 6 ? 'вчера' : `2024-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00+03:00`;
    return { origin: 'partner.csv', row: i + 1, source, fields: { id, created_at: created, city: ['Москва', 'Тула', ' Химки '][i % 3], region: '' }, raw: `${id};${created}` };
  });
}

/** A source of `recs` in batches of `size`, counting the batches taken; it throws instead of batch `failAt`. */
function sourceOf(recs: RawRecord[], size: number, failAt = -1): RegistrationSource & { taken: number; closed: boolean } {
  const s = {
    name: 'partner',
    taken: 0,
    closed: false,
    records: () => {
      throw new Error('batches only');
    },
    async *batches(): AsyncGenerator<RawRecord[]> {
      try {
        for (let k = 0; k * size < recs.length; k++) {
          await new Promise((next) => setImmediate(next));
          if (k === failAt) throw new Error(`partner.csv: cannot read batch ${k}`);
          s.taken++;
          yield recs.slice(k * size, (k + 1) * size);
        }
      } finally {
        s.closed = true;
      }
    }
  };
  return s;
}

/** The outcomes of checking `recs` in turn, with a validator of their own. */
function inTurn(recs: RawRecord[]): CheckedRecord[] {
  const v = newValidator();
  return recs.map((r) => {
    const rejection = v.check(r);
    return rejection ? { rejection } : { accepted: { ...v.accepted } };
  });
}

async function all(ahead: CheckedAhead): Promise<CheckedRecord[]> {
  const out: CheckedRecord[] = [];
  for await (const batch of ahead.outcomes()) out.push(...batch);
  return out;
}

describe('CheckedAhead', () => {
  it('gives the outcomes of checking in turn, whether read ahead in full, in part or not at all', async () => {
    const recs = records(200);
    const expected = inTurn(recs);
    expect(expected.filter((c) => c.rejection).map((c) => c.rejection!.reason)).toContain('duplicate id');
    for (const [maxHeld, scanMs] of [
      [1000, 200],
      [48, 200],
      [1000, -1]
    ]) {
      const source = sourceOf(recs, 16);
      const ahead = new CheckedAhead(source, undefined, newValidator(), maxHeld);
      if (scanMs >= 0) {
        ahead.readWhile(new Promise((done) => setTimeout(done, scanMs)));
        await new Promise((done) => setTimeout(done, scanMs + 20));
      }
      const held = ahead.rowsHeld;
      if (scanMs < 0) expect(held).toBe(0);
      else expect(held).toBe(Math.min(recs.length, maxHeld));
      expect(await all(ahead)).toEqual(expected);
      expect(source.closed).toBe(true);
    }
  });

  it('checks nothing once the scan it reads beside is over', async () => {
    const recs = records(400);
    const validator = newValidator();
    let checks = 0;
    const check = validator.check.bind(validator);
    validator.check = (rec, format) => {
      checks++;
      return check(rec, format);
    };
    const source = sourceOf(recs, 8);
    const ahead = new CheckedAhead(source, undefined, validator);
    let over!: () => void;
    ahead.readWhile(new Promise<void>((done) => (over = done)));
    while (source.taken < 3) await new Promise((next) => setImmediate(next));
    over();
    await new Promise((done) => setTimeout(done, 50));
    const atEnd = checks;
    expect(atEnd).toBeLessThan(recs.length);
    // At most the batch under way when the scan ended is checked after it.
    expect(atEnd).toBeLessThanOrEqual(ahead.rowsHeld);
    await new Promise((done) => setTimeout(done, 50));
    expect(checks).toBe(atEnd);
    expect(await all(ahead)).toEqual(inTurn(recs));
    expect(checks).toBe(recs.length);
  });

  it('reads on during a later scan, from where the last one stopped', async () => {
    const recs = records(300);
    const source = sourceOf(recs, 10);
    const ahead = new CheckedAhead(source, undefined, newValidator());
    for (let scan = 0; scan < 2; scan++) {
      let over!: () => void;
      ahead.readWhile(new Promise<void>((done) => (over = done)));
      while (source.taken < 5 * (scan + 1)) await new Promise((next) => setImmediate(next));
      over();
      await new Promise((done) => setTimeout(done, 30));
      expect(ahead.rowsHeld).toBe(10 * source.taken);
      expect(source.taken).toBeLessThan(5 * (scan + 1) + 2);
    }
    expect(ahead.rowsHeld).toBeGreaterThanOrEqual(100);
    expect(await all(ahead)).toEqual(inTurn(recs));
  });

  it("throws a read's failure in the source's turn, after the outcomes held before it", async () => {
    const recs = records(100);
    const source = sourceOf(recs, 10, 3);
    const ahead = new CheckedAhead(source, undefined, newValidator());
    ahead.readWhile(new Promise((done) => setTimeout(done, 100)));
    await new Promise((done) => setTimeout(done, 120));
    const got: CheckedRecord[] = [];
    await expect(
      (async () => {
        for await (const batch of ahead.outcomes()) got.push(...batch);
      })()
    ).rejects.toThrow('partner.csv: cannot read batch 3');
    expect(got).toEqual(inTurn(recs).slice(0, 30));
  });

  it('closes the source when cancelled before its turn', async () => {
    const source = sourceOf(records(100), 10);
    const ahead = new CheckedAhead(source, undefined, newValidator(), 20);
    ahead.readWhile(new Promise((done) => setTimeout(done, 100)));
    await new Promise((done) => setTimeout(done, 120));
    expect(source.closed).toBe(false);
    await ahead.cancel();
    expect(source.closed).toBe(true);
  });
});
