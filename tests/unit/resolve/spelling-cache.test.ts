import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SpellingCache, spellingState, variantKey, type SavedSpellings } from '../../../data-pipeline/resolve/distance.ts';
import { fakeResolver, PACK } from '../../support/pipeline-helpers.ts';

describe('a spelling cache saved and restored (a build process takes the last build sums over, state/kept-sums.ts)', () => {
  it('keeps every spelling with its answer, rows, status, candidates and regional tallies, and asks no resolver again', () => {
    const cache = new SpellingCache(fakeResolver(), PACK.cities);
    const rows: Array<[string, number]> = [['Москва', 3], ['москва', 1], ['Спрингфилд', 2], ['qwzx', 1], ['', 4], ['Тула, Тульская область', 2]];
    for (const [spelling, n] of rows) cache.lookup(spelling, n);
    cache.placeUnresolved('Спрингфилд', 1, 2);
    cache.placeUnresolved('qwzx', 2, 1);
    cache.placeUnresolved('Спрингфилд', 2, 3);
    // As the state's file carries it: JSON.
    const saved = JSON.parse(JSON.stringify(cache.saved())) as SavedSpellings;
    const copy = new SpellingCache({ resolve: () => { throw new Error('asked the resolver'); } }, PACK.cities);
    copy.restore(spellingState(saved));

    expect(cache.problems().map((p) => p.status).sort()).toEqual(['ambiguous', 'unresolved']);
    expect(cache.problems().find((p) => p.status === 'ambiguous')?.candidates).toContain('Спрингфилд (US-MO)');
    expect(copy.problems()).toEqual(cache.problems());
    for (const region of [0, 1, 2]) expect(copy.unresolvedIn(region)).toEqual(cache.unresolvedIn(region));
    expect(copy.spellingsPerCity()).toEqual(cache.spellingsPerCity());
    const tallies = (c: SpellingCache) => [c.distinct, c.matched, c.ambiguous, c.unresolved, c.rowsResolved, c.rowsEmpty, c.overflow];
    expect(tallies(copy)).toEqual(tallies(cache));
    for (const [spelling] of rows) expect(copy.lookup(spelling, 1)).toBe(cache.lookup(spelling, 1));
    expect(tallies(copy)).toEqual(tallies(cache));
    // Each spelling's rows per region came back: taking them all out drops it from the region's count.
    for (const c of [cache, copy]) c.placeUnresolved('Спрингфилд', 2, -3);
    expect(copy.unresolvedIn(2)).toEqual({ rows: 1, spellings: 1 });
    expect(cache.unresolvedIn(2)).toEqual({ rows: 1, spellings: 1 });
  });
});

describe('a spelling cache keeps its own copy of each spelling', () => {
  it('so that a slice of a large input chunk does not keep the chunk alive', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = (): number => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const cache = new SpellingCache(fakeResolver(), PACK.cities);
    const before = heap();
    ((): void => {
      // A two-byte chunk of ~15 MB, as a reader's 1 MB chunks would be many times over; each spelling is a slice of it.
      const chunk = Array.from({ length: 400_000 }, (_, i) => `посёлок Тульской обл. ${i}`).join('|');
      for (let i = 0; i < 2000; i++) cache.lookup(chunk.slice(i * 1000, i * 1000 + 24), 1);
    })();
    expect(cache.distinct).toBeGreaterThan(1500);
    expect(heap() - before).toBeLessThan(4 * 1048576);
  });
});

describe('the key that case, ё and whitespace variants of a spelling share', () => {
  it('is the spelling lower-cased, ё as е, each run of whitespace one space, trimmed', () => {
    const reference = (s: string): string => s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
    const words = ['Москва', 'ЁЛКИ', 'ёж', 'Saint', 'Louis', 'х', '-', ','];
    // Mostly single spaces, as most spellings have them; the rest each kind of whitespace the key replaces.
    const gaps = [' ', ' ', ' ', ' ', '', '  ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', '\u3000'];
    let seed = 7;
    const next = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % n;
    const inputs = ['', ' ', 'a', ' a', 'a ', 'a  b', 'a b', 'a\tb', 'Ёлкино', 'ЁЁ ёё'];
    for (let i = 0; i < 5000; i++) {
      const parts = Array.from({ length: 1 + next(4) }, () => words[next(words.length)]);
      const edge = (): string => (next(5) === 0 ? gaps[next(gaps.length)] : '');
      inputs.push(edge() + parts.reduce((s, w) => s + gaps[next(gaps.length)] + w) + edge());
    }
    const differing = inputs.filter((s) => variantKey(s) !== reference(s));
    expect(differing).toEqual([]);
    // The inputs reach every branch: some keep their whitespace as it is, some have it replaced.
    expect(inputs.filter((s) => /\s/.test(s) && variantKey(s) === s.toLowerCase().replace(/ё/g, 'е')).length).toBeGreaterThan(100);
    expect(inputs.filter((s) => variantKey(s) !== s.toLowerCase().replace(/ё/g, 'е')).length).toBeGreaterThan(100);
  });
});
