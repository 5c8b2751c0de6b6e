import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPack, type City, type Pack } from '../../../geo/pack.ts';
import { createCityResolver, resolverParts } from '../../../data-pipeline/resolve/city-resolver.ts';
import { createCachedCityResolver, imageFile, readResolverImage, writeResolverImage } from '../../../data-pipeline/resolve/resolver-image.ts';
import { rulesHash } from '../../../data-pipeline/resolve/rules-hash.ts';

const city = (geonameId: number, name: string, nameEn: string, alternates: string[] = []): City => ({
  geonameId, name, nameEn, lat: 55, lon: 37, population: 1000 * geonameId, regionCode: 'RU-MOW', timezone: 'Europe/Moscow', alternates
});
const pack: Pack = {
  code: 'ru',
  country: 'RU',
  cities: [city(1, 'Москва', 'Moscow', ['Moskva']), city(2, 'Тверь', 'Tver', ['Kalinin'])],
  regions: [{ code: 'RU-MOW', admin1: '48', name: 'Moscow', nameLocal: 'Москва', timezone: 'Europe/Moscow', population: 1 }],
  aliases: { мск: 1 },
  foreign: { paris: 2_000_000 },
  projection: { type: 'conicEqualArea', rotate: [-105, 0], parallels: [52, 64] },
  contentHash: 'pack-v1'
};
/** The same cities, Тверь called Qaq: a resolver restored from its parts knows Тверь by that name. */
const renamed: Pack = { ...pack, cities: [pack.cities[0], city(2, 'Qaq', 'Qaq')] };
const INPUTS = ['Москва', 'moskva', 'мск', 'Тверь', 'Kalinin', 'Твреь', 'Paris', 'nowhere'];
const resolutions = (resolve: (s: string) => unknown, inputs = INPUTS) => inputs.map(resolve);

let work = '';
afterEach(() => rmSync(work, { recursive: true, force: true }));
const workDir = () => (work = mkdtempSync(join(tmpdir(), 'resolver-image-')));

/** A pack's names as typed, with a letter dropped, two swapped and one doubled, and its aliases and foreign names. */
function spellingsOf(p: Pack): string[] {
  const out: string[] = [...Object.keys(p.aliases), ...Object.keys(p.foreign).slice(0, 2000), 'qwerty', 'ываыва', '12345', 'St. Petersburg city'];
  p.cities.forEach((c, i) => {
    for (const name of [c.name, c.nameEn, ...c.alternates.slice(0, 2)]) {
      const k = 1 + (i % Math.max(1, name.length - 2));
      out.push(name, name.slice(0, k) + name.slice(k + 1), name.slice(0, k) + name[k + 1] + name[k] + name.slice(k + 2), name.slice(0, k) + name[k] + name.slice(k));
    }
  });
  return out;
}

describe('the city resolver image', () => {
  it('is written on the first build; a resolver restored from it resolves exactly as one built', () => {
    const dir = workDir();
    const built = createCityResolver(pack);
    const first = createCachedCityResolver(pack, dir);
    expect(readResolverImage(imageFile(dir, pack), rulesHash(pack)!)).not.toBeNull();
    expect(resolutions((s) => first.resolve(s))).toEqual(resolutions((s) => built.resolve(s)));
    expect(resolutions((s) => createCachedCityResolver(pack, dir).resolve(s))).toEqual(resolutions((s) => built.resolve(s)));
  });

  it.each(['ru', 'us'] as const)('restores the %s pack resolver: the same answer for every name, typo, alias and foreign name', (code) => {
    const dir = workDir();
    const real = loadPack(code);
    createCachedCityResolver(real, dir);
    const restored = createCachedCityResolver(real, dir);
    const built = createCityResolver(real);
    const inputs = spellingsOf(real);
    expect(inputs.length).toBeGreaterThan(8000);
    expect(resolutions((s) => restored.resolve(s), inputs)).toEqual(resolutions((s) => built.resolve(s), inputs));
  });

  it('is read when its hash matches', () => {
    const dir = workDir();
    writeResolverImage(imageFile(dir, pack), rulesHash(pack)!, resolverParts(renamed));
    expect(createCachedCityResolver(pack, dir).resolve('Qaq').geonameId).toBe(2);
  });

  it('is rebuilt when stale, cut short or unreadable', () => {
    const dir = workDir();
    const file = imageFile(dir, pack);
    const hash = rulesHash(pack)!;
    writeResolverImage(file, 'other rules', resolverParts(renamed));
    expect(createCachedCityResolver(pack, dir).resolve('Qaq').status).toBe('unresolved');
    expect(readResolverImage(file, hash)).not.toBeNull();
    for (const broken of ['{ truncated', '']) {
      writeFileSync(file, broken);
      expect(createCachedCityResolver(pack, dir).resolve('Тверь').geonameId).toBe(2);
      expect(readResolverImage(file, hash)).not.toBeNull();
    }
    writeResolverImage(file, hash, resolverParts(renamed));
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 4));
    expect(createCachedCityResolver(pack, dir).resolve('Qaq').status).toBe('unresolved');
    expect(rulesHash({ ...pack, contentHash: 'pack-v2' })).not.toBe(hash);
  });

  it('is a cache: a resolver that cannot be saved resolves all the same', () => {
    const dir = workDir();
    // Where the image goes, a folder that is not empty: it can be neither read nor replaced.
    mkdirSync(join(imageFile(dir, pack), 'in the way'), { recursive: true });
    expect(createCachedCityResolver(pack, dir).resolve('Тверь').geonameId).toBe(2);
    // Nothing left behind by the write that failed.
    expect(readdirSync(dir)).toEqual([basename(imageFile(dir, pack))]);
  });

  it('replaces the match-key cache it succeeds, and saves nothing for a pack built in memory', () => {
    const dir = workDir();
    const keys = join(dir, 'city-keys-ru.json');
    writeFileSync(keys, '{}');
    createCachedCityResolver(pack, dir);
    expect(existsSync(keys)).toBe(false);
    const other = workDir();
    createCachedCityResolver({ ...pack, contentHash: undefined }, other);
    expect(existsSync(imageFile(other, pack))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
