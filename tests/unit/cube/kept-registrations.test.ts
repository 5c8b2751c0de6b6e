/**
 * A cube that takes over another's registrations (a watch build on top of the last one's sums, state/kept-sums.ts)
 * and adds rows finishes with the tables a cube fed every row at once finishes with, in every row order — its
 * order merged from the last finish's (cube/row-order.ts mergedRowOrder), its columns partly copied from there.
 */
import { describe, expect, it } from 'vitest';
import { CubeAggregator, type SortOrder } from '../../../data-pipeline/cube/aggregate.ts';
import { prng } from '../../support/labelled-set.ts';

type Row = [hour: number, region: number, source: number, distance: number, phone: boolean, email: boolean, questionnaire: boolean];

function rows(seed: number, n: number): Row[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => [400_000 + Math.floor(rnd() * 300), Math.floor(rnd() * 9), Math.floor(rnd() * 3), Math.floor(rnd() * 4), rnd() < 0.5, rnd() < 0.4, rnd() < 0.2]);
}

const add = (cube: CubeAggregator, batch: Row[]): void => {
  for (const [hour, region, source, distance, phone, email, questionnaire] of batch) cube.addRegistrations(hour, region, source, distance, phone, email, questionnaire, 1);
};

describe('kept registrations', () => {
  for (const order of ['measures', 'dims', 'hour'] as SortOrder[]) {
    it(`finish as if every row were added at once, build after build (${order} order)`, async () => {
      const batches = [rows(1, 4000), rows(2, 60), rows(3, 5), rows(4, 900)];
      let last = new CubeAggregator({ order });
      add(last, batches[0]);
      // As kept-sums.ts marks the cube of a build whose sums a later build takes over.
      last.keepForNextBuild();
      await last.finish();
      for (let b = 1; b < batches.length; b++) {
        const next = new CubeAggregator({ order });
        next.takeOverRegistrations(last);
        next.keepForNextBuild();
        add(next, batches[b]);
        const fresh = new CubeAggregator({ order });
        add(fresh, batches.slice(0, b + 1).flat());
        const [got, want] = [await next.finish(), await fresh.finish()];
        expect(got.registrations.rows).toBe(want.registrations.rows);
        for (const [name, values] of Object.entries(want.registrations.columns)) expect([...got.registrations.columns[name]], `${order}, build ${b}: ${name}`).toEqual([...values]);
        last = next;
      }
    });
  }
});
