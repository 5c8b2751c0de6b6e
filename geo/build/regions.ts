/**
 * First-level regions of a pack: ISO 3166-2 codes and names from iso3166-2-db (UN view, which
 * for Russia is GeoNames' 83 subjects), keyed by the GeoNames admin1 code that cities carry.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface IsoRegion {
  name: string;
  iso: string;
  fips: string;
  admin: string;
}

export interface RegionName {
  code: string;
  admin1: string;
  fips: string;
  name: string;
  nameLocal: string;
}

const require = createRequire(import.meta.url);

function readIso(country: string, lang: string): IsoRegion[] {
  const path = require.resolve(`iso3166-2-db/regions/${country}/dispute/UN/${lang}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as IsoRegion[];
}

export function regionNames(country: 'RU' | 'US', localLang: 'ru' | 'en'): RegionName[] {
  const english = readIso(country, 'en');
  const local = new Map(readIso(country, localLang).map((r) => [r.iso, r.name]));
  return english
    .map((r) => ({
      code: `${country}-${r.iso}`,
      admin1: r.admin,
      fips: r.fips,
      name: r.name,
      nameLocal: local.get(r.iso) ?? r.name
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
}
