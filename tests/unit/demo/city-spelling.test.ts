import { describe, expect, it } from 'vitest';
import { loadPack } from '../../../geo/pack.ts';
import { makeSpeller, typo } from '../../../data-pipeline/demo/city-spelling.ts';
import { Rng } from '../../../data-pipeline/demo/prng.ts';

const pack = loadPack('ru');
const speller = makeSpeller(pack);
const city = (id: number) => pack.cities.find((c) => c.geonameId === id)!;
const region = (code: string) => pack.regions.find((r) => r.code === code)!;

function sample(id: number, n: number): string[] {
  const rng = new Rng(`spell-${id}`);
  const c = city(id);
  const r = region(c.regionCode);
  return Array.from({ length: n }, () => speller.city(rng, c, r));
}

describe('free-text city spellings (ru)', () => {
  it('misspells Moscow ~2.5 %, St Petersburg ~12.6 %, Komsomolsk-on-Amur > 20 %', () => {
    const n = 100_000;
    const rate = (id: number, standard: string): number => sample(id, n).filter((s) => s !== standard).length / n;
    expect(rate(524901, 'Москва')).toBeCloseTo(0.025, 2);
    expect(Math.abs(rate(498817, 'Санкт-Петербург') - 0.126)).toBeLessThan(0.006);
    expect(rate(2021851, 'Комсомольск-на-Амуре')).toBeGreaterThan(0.2);
  });

  it('spells Komsomolsk mostly as abbreviations, St Petersburg with its aliases', () => {
    const k = sample(2021851, 20_000).filter((s) => s !== 'Комсомольск-на-Амуре');
    const abbreviated = k.filter((s) => /^(Комсомольск|комсомольск|КнА|Комс)/.test(s) && !/-на-Амуре$/.test(s));
    expect(abbreviated.length / k.length).toBeGreaterThan(0.5);
    const spb = new Set(sample(498817, 20_000));
    for (const s of ['СПб', 'Питер', 'Санкт Петербург']) expect(spb.has(s)).toBe(true);
    expect(spb.size).toBeGreaterThan(100);
  });

  it('has empty, garbage and foreign answers at small rates', () => {
    const rng = new Rng('noise');
    const n = 100_000;
    const out = Array.from({ length: n }, () => speller.noise(rng));
    const empty = out.filter((s) => s === '').length / n;
    expect(empty).toBeGreaterThan(0.007);
    expect(empty).toBeLessThan(0.013);
    expect(out.filter((s) => s !== null && s !== '').length / n).toBeGreaterThan(0.004);
    expect(out.filter((s) => s !== null).length / n).toBeLessThan(0.025);
  });

  it('types always change the string', () => {
    const rng = new Rng('typo');
    for (let i = 0; i < 1000; i++) expect(typo(rng, 'Екатеринбург')).not.toBe('Екатеринбург');
  });
});
