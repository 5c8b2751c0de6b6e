import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { City, Pack } from '../../../geo/pack.ts';
import { createCityResolver } from '../../../data-pipeline/resolve/city-resolver.ts';
import { createCachedCityResolver } from '../../../data-pipeline/resolve/key-cache.ts';
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
const INPUTS = ['Москва', 'moskva', 'мск', 'Тверь', 'Kalinin', 'Твреь', 'Paris', 'nowhere'];
const resolutions = (resolve: (s: string) => unknown) => INPUTS.map(resolve);

let work = '';
afterEach(() => rmSync(work, { recursive: true, force: true }));
const workDir = () => (work = mkdtempSync(join(tmpdir(), 'key-cache-')));
const file = () => join(work, 'city-keys-ru.json');

describe('city resolver match-key cache', () => {
  it('writes the keys on the first build and resolves exactly as without a cache, then and from the file', () => {
    const dir = workDir();
    const plain = createCityResolver(pack);
    const first = createCachedCityResolver(pack, dir);
    const cached = JSON.parse(readFileSync(file(), 'utf8')) as { hash: string; names: string[]; keys: string[] };
    expect(cached.hash).toBe(rulesHash(pack));
    expect(cached.names).toContain('Moskva');
    expect(resolutions((s) => first.resolve(s))).toEqual(resolutions((s) => plain.resolve(s)));
    expect(resolutions((s) => createCachedCityResolver(pack, dir).resolve(s))).toEqual(resolutions((s) => plain.resolve(s)));
  });

  it('reads the keys from the file when its hash matches', () => {
    const dir = workDir();
    createCachedCityResolver(pack, dir);
    const cached = JSON.parse(readFileSync(file(), 'utf8')) as { hash: string; names: string[]; keys: string[] };
    // A key the rules would never make: only a resolver built from the file knows Тверь by it.
    cached.keys[cached.names.indexOf('Тверь')] = 'qaq';
    writeFileSync(file(), JSON.stringify(cached));
    expect(createCachedCityResolver(pack, dir).resolve('qaq').geonameId).toBe(2);
  });

  it('rebuilds a stale or unreadable file', () => {
    const dir = workDir();
    for (const stale of [JSON.stringify({ hash: 'other pack', names: ['Тверь'], keys: ['qaq'] }), '{ truncated']) {
      writeFileSync(file(), stale);
      expect(createCachedCityResolver(pack, dir).resolve('qaq').status).toBe('unresolved');
      expect(JSON.parse(readFileSync(file(), 'utf8')).hash).toBe(rulesHash(pack));
    }
    const changed = { ...pack, contentHash: 'pack-v2' };
    expect(rulesHash(changed)).not.toBe(rulesHash(pack));
  });

  it('caches nothing for a pack built in memory, without a content hash', () => {
    const dir = workDir();
    createCachedCityResolver({ ...pack, contentHash: undefined }, dir);
    expect(existsSync(file())).toBe(false);
  });
});
