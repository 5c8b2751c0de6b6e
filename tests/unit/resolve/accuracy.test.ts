import { describe, it, expect } from 'vitest';
import { loadPack } from '../../../geo/pack.ts';
import { createCityResolver } from '../../../data-pipeline/resolve/city-resolver.ts';
import { garbageInputs, realisticInputs } from '../../support/labelled-set.ts';

describe('resolver accuracy on the labelled set', () => {
  for (const code of ['ru', 'us'] as const) {
    it(`${code}: >= 98% right, <= 0.5% wrong, >= 95% of garbage unresolved`, () => {
      const pack = loadPack(code);
      const resolver = createCityResolver(pack);
      const inputs = realisticInputs(pack, 5000, 20240101);
      let right = 0;
      let wrong = 0;
      for (const x of inputs) {
        const r = resolver.resolve(x.text);
        if (r.status !== 'matched') continue;
        if (r.geonameId === x.geonameId) right += 1;
        else wrong += 1;
      }
      const garbage = garbageInputs(code, 1000, 99);
      const unresolved = garbage.filter((g) => resolver.resolve(g).status === 'unresolved').length;
      expect(right / inputs.length).toBeGreaterThanOrEqual(0.98);
      expect(wrong / inputs.length).toBeLessThanOrEqual(0.005);
      expect(unresolved / garbage.length).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('generates the same set for the same seed', () => {
    const pack = loadPack('ru');
    expect(realisticInputs(pack, 50, 1)).toEqual(realisticInputs(pack, 50, 1));
  });
});
