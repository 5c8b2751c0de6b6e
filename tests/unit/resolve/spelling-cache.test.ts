import { describe, expect, it } from 'vitest';
import type { City, Pack } from '../../../geo/pack.ts';
import { createCityResolver } from '../../../data-pipeline/resolve/city-resolver.ts';
import { SpellingCache, spellingState, type SavedSpellings } from '../../../data-pipeline/resolve/distance.ts';

const city = (geonameId: number, name: string, regionCode: string, population: number): City => ({
  geonameId, name, nameEn: name, lat: 55, lon: 37, population, regionCode, timezone: 'Europe/Moscow', alternates: []
});
const pack: Pack = {
  code: 'ru',
  country: 'RU',
  cities: [city(1, 'Москва', 'RU-MOW', 12_000_000), city(2, 'Ивановка', 'RU-MOS', 3000), city(3, 'Ивановка', 'RU-TVE', 2800)],
  regions: [
    { code: 'RU-MOW', admin1: '48', name: 'Moscow', nameLocal: 'Москва', timezone: 'Europe/Moscow', population: 1 },
    { code: 'RU-MOS', admin1: '47', name: 'Moscow Oblast', nameLocal: 'Московская область', timezone: 'Europe/Moscow', population: 1 },
    { code: 'RU-TVE', admin1: '77', name: 'Tver Oblast', nameLocal: 'Тверская область', timezone: 'Europe/Moscow', population: 1 }
  ],
  aliases: {},
  foreign: {},
  projection: { type: 'conicEqualArea', rotate: [-105, 0], parallels: [52, 64] }
};

describe('a spelling cache saved and restored (a build process takes the last build sums over, state/kept-sums.ts)', () => {
  it('keeps every spelling with its answer, rows, status, candidates and regional tallies, and asks no resolver again', () => {
    const cache = new SpellingCache(createCityResolver(pack), pack.cities);
    const rows: Array<[string, number]> = [['Москва', 3], ['москва', 1], ['Ивановка', 2], ['qwzx', 1], ['', 4], ['Масква', 2]];
    for (const [spelling, n] of rows) cache.lookup(spelling, n);
    cache.placeUnresolved('Ивановка', 1, 2);
    cache.placeUnresolved('qwzx', 2, 1);
    cache.placeUnresolved('Ивановка', 2, 3);
    // As the state's file carries it: JSON.
    const saved = JSON.parse(JSON.stringify(cache.saved())) as SavedSpellings;
    const copy = new SpellingCache({ resolve: () => { throw new Error('asked the resolver'); } }, pack.cities);
    copy.restore(spellingState(saved));

    expect(cache.problems().map((p) => p.status).sort()).toEqual(['ambiguous', 'unresolved']);
    expect(cache.problems().find((p) => p.status === 'ambiguous')?.candidates).toContain('Ивановка (RU-MOS)');
    expect(copy.problems()).toEqual(cache.problems());
    for (const region of [0, 1, 2]) expect(copy.unresolvedIn(region)).toEqual(cache.unresolvedIn(region));
    expect(copy.spellingsPerCity()).toEqual(cache.spellingsPerCity());
    const tallies = (c: SpellingCache) => [c.distinct, c.matched, c.ambiguous, c.unresolved, c.rowsResolved, c.rowsEmpty, c.overflow];
    expect(tallies(copy)).toEqual(tallies(cache));
    for (const [spelling] of rows) expect(copy.lookup(spelling, 1)).toBe(cache.lookup(spelling, 1));
    expect(tallies(copy)).toEqual(tallies(cache));
    // Each spelling's rows per region came back: taking them all out drops it from the region's count.
    for (const c of [cache, copy]) c.placeUnresolved('Ивановка', 2, -3);
    expect(copy.unresolvedIn(2)).toEqual({ rows: 1, spellings: 1 });
    expect(cache.unresolvedIn(2)).toEqual({ rows: 1, spellings: 1 });
  });
});
