/**
 * A cube that takes over another's registrations (a watch build on top of the last one's sums, state/kept-sums.ts)
 * and adds rows, or takes rows out, finishes with the tables a cube fed the rows left at once finishes with, in
 * every row order — its order merged from the last finish's (cube/row-order.ts mergedRowOrder), its columns partly
 * copied from there, cells left with no registration gone.
 */
import { describe, expect, it } from 'vitest';
import { CubeAggregator, type SortOrder } from '../../../data-pipeline/cube/aggregate.ts';
import { prng } from '../../support/labelled-set.ts';

type Row = [hour: number, region: number, source: number, distance: number, phone: boolean, email: boolean, questionnaire: boolean];

function rows(seed: number, n: number): Row[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => [400_000 + Math.floor(rnd() * 300), Math.floor(rnd() * 9), Math.floor(rnd() * 3), Math.floor(rnd() * 4), rnd() < 0.5, rnd() < 0.4, rnd() < 0.2]);
}

const add = (cube: CubeAggregator, batch: Row[], sign = 1): void => {
  for (const [hour, region, source, distance, phone, email, questionnaire] of batch) cube.addRegistrations(hour, region, source, distance, phone, email, questionnaire, sign);
};

describe('kept registrations', () => {
  for (const order of ['measures', 'dims', 'hour'] as SortOrder[]) {
    it(`finish as if every row were added at once, build after build (${order} order)`, async () => {
      const batches = [rows(1, 4000), rows(2, 60), rows(3, 5), rows(4, 900)];
      // Build by build, some earlier rows go (a deletion, or the old version of a changed row).
      const rnd = prng(5);
      let left = batches[0];
      let last = new CubeAggregator({ order });
      add(last, left);
      // As kept-sums.ts marks the cube of a build whose sums a later build takes over.
      last.keepForNextBuild();
      await last.finish();
      for (let b = 1; b < batches.length; b++) {
        const next = new CubeAggregator({ order });
        next.takeOverRegistrations(last);
        next.keepForNextBuild();
        add(next, batches[b]);
        const went = left.filter(() => rnd() < 0.1);
        add(next, went, -1);
        left = [...left.filter((r) => !went.includes(r)), ...batches[b]];
        const fresh = new CubeAggregator({ order });
        add(fresh, left);
        const [got, want] = [await next.finish(), await fresh.finish()];
        expect(got.registrations.rows).toBe(want.registrations.rows);
        for (const [name, values] of Object.entries(want.registrations.columns)) expect([...got.registrations.columns[name]], `${order}, build ${b}: ${name}`).toEqual([...values]);
        last = next;
      }
    });
  }

  it('hands over as spent, when it keeps nothing, only arrays its tables do not read', async () => {
    const cube = new CubeAggregator({ order: 'measures' });
    add(cube, rows(8, 5000));
    const { registrations, deliveries, spent } = await cube.finish();
    const copy = Object.fromEntries(Object.entries(registrations.columns).map(([name, values]) => [name, values.slice()]));
    expect(spent.length).toBeGreaterThanOrEqual(4);
    expect(spent.every((a) => a.length >= registrations.rows)).toBe(true);
    for (const a of spent) a.fill(0xdeadbeef);
    expect(registrations.columns).toEqual(copy);
    expect(deliveries.rows).toBe(0);
  });

  it('sorts afresh, without the cells left empty, when the kept cube was in another order', async () => {
    const [kept, more] = [rows(6, 3000), rows(7, 50)];
    const last = new CubeAggregator({ order: 'hour' });
    add(last, kept);
    last.keepForNextBuild();
    await last.finish();
    const next = new CubeAggregator({ order: 'measures' });
    next.takeOverRegistrations(last);
    add(next, more);
    add(next, kept.slice(0, 400), -1);
    const fresh = new CubeAggregator({ order: 'measures' });
    add(fresh, [...kept.slice(400), ...more]);
    const [got, want] = [await next.finish(), await fresh.finish()];
    for (const [name, values] of Object.entries(want.registrations.columns)) expect([...got.registrations.columns[name]], name).toEqual([...values]);
  });
});
