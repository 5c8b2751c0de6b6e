import { describe, it, expect } from 'vitest';
import { loadPack } from '../../../geo/pack.ts';
import { createCityResolver } from '../../../data-pipeline/resolve/city-resolver.ts';
import { labelledSet, measureAccuracy, realisticInputs } from '../../support/labelled-set.ts';

// The bench measures the same held-out half on 20,000 spellings per pack; a quarter of that keeps this fast.
const SIZE = 5000;

describe('resolver accuracy on the held-out half of the labelled set', () => {
  for (const code of ['ru', 'us'] as const) {
    it(`${code}: >= 99% right, <= 0.2% wrong, every junk input and hard refusal refused`, () => {
      const pack = loadPack(code);
      const resolver = createCityResolver(pack);
      const a = measureAccuracy((t) => resolver.resolve(t), labelledSet(pack, SIZE, 'held-out'));
      expect(a.right / a.named).toBeGreaterThanOrEqual(0.99);
      expect(a.wrong / a.named).toBeLessThanOrEqual(0.002);
      expect(a.misses.filter((m) => m.kind === 'refuse')).toEqual([]);
      expect(a.randomRefused / a.random).toBeGreaterThanOrEqual(0.99);
    });
  }

  it('generates the same set for the same seed', () => {
    const pack = loadPack('ru');
    expect(realisticInputs(pack, 50, 1)).toEqual(realisticInputs(pack, 50, 1));
  });
});
