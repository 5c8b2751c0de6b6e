/**
 * Free-text city → gazetteer city. Three outcomes, never a silent guess:
 * matched (one plausible city), ambiguous (several, listed), unresolved (nothing plausible,
 * garbage, or a foreign city).
 */
import type { City, Pack } from '../../geo/pack.ts';
import { nameIndexOf, nameIndexParts, type NameIndex, type NameIndexParts } from './name-index.ts';
import { matchKey, normalizeText, swapLayout } from '../../shared/text/city-text.ts';
import { createRegionParser, parseInput, type RegionParser } from './normalize.ts';
import { hasCyrillic } from '../../shared/text/transliterate.ts';

export interface CityCandidate {
  geonameId: number;
  city: string;
  region: string;
  regionCode: string;
  score: number;
}

export interface CityResolution {
  input: string;
  status: 'matched' | 'ambiguous' | 'unresolved';
  geonameId: number | null;
  city: string | null;
  region: string | null;
  regionCode: string | null;
  score: number;
  candidates: CityCandidate[];
}

export interface CityResolver {
  resolve(input: string): CityResolution;
  /** Resolves these ahead of their `resolve` calls, on more than one thread where it pays (resolution-cache.ts). */
  resolveAhead?(inputs: readonly string[]): Promise<void>;
}

/** A namesake this many times bigger wins outright ("Москва" the capital over villages). */
const DOMINANCE = 4;
/** A foreign city this many times bigger than the domestic namesake makes the input foreign. */
const FOREIGN_DOMINANCE = 10;
/**
 * A domestic city this big is what a registrant of this country means by its name, however big the foreign
 * namesake: "St. Petersburg" in a US form is the one in Florida, "Alexandria" the one in Virginia.
 */
const DOMESTIC_FLOOR = 100_000;
/**
 * Regions a registrant may give for a city that lies in the other one: the federal cities sit inside the
 * oblasts named after them ("Москва, Московская область").
 */
const ENCLOSING: ReadonlyMap<string, string> = new Map([
  ['RU-MOW', 'RU-MOS'],
  ['RU-SPE', 'RU-LEN']
]);

/**
 * First words of names that forms abbreviate ("Ст. Оскол", "Н. Тагил", "В. Новгород", "Б. Камень", "Нижн.
 * Новгород"): the stem of the adjective and the abbreviations used for it.
 */
const ADJECTIVE_ABBREVIATIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['стар', ['ст', 'стар']],
  ['нижн', ['н', 'ниж', 'нижн']],
  ['нов', ['н', 'нов']],
  ['велик', ['в', 'вел', 'велик']],
  ['верхн', ['в', 'верх', 'верхн']],
  ['больш', ['б', 'бол', 'больш']],
  ['мал', ['м', 'мал']],
  ['советск', ['сов']],
  ['северн', ['сев']],
  ['южн', ['юж']],
  ['западн', ['зап']],
  ['восточн', ['вост']]
];
/** Adjective endings after the stem: "Старый", "Старая", "Старое", "Старые", "Большой". */
const ADJECTIVE_ENDING = /^(ий|ый|ой|ая|яя|ое|ее|ие|ые)$/;

/** The abbreviated spellings of a name whose first word is one of the adjectives above. */
function abbreviations(name: string): string[] {
  const words = normalizeText(name).split(' ');
  if (words.length < 2) return [];
  const rest = words.slice(1).join(' ');
  for (const [stem, abbrs] of ADJECTIVE_ABBREVIATIONS) {
    if (words[0].startsWith(stem) && ADJECTIVE_ENDING.test(words[0].slice(stem.length))) return abbrs.map((a) => `${a} ${rest}`);
  }
  return [];
}
const MAX_CANDIDATES = 5;
const MAX_INPUT = 200;

interface KeyEntry {
  /** Cities whose name or alternate has this key; primary names first. */
  cities: number[];
  /** Those of `cities` whose primary name has it (one or two: an array, not a Set, for the pack's ~23k keys). */
  primary: number[];
  alias: number;
  /**
   * Biggest foreign city with this key, per script of the spelling: a Cyrillic "Шарья" must not
   * meet the Latin "Sharja" (Sharjah) through the shared skeleton.
   */
  foreign: { latin: number; cyrillic: number };
}

type Script = keyof KeyEntry['foreign'];

/** One way to read the input (as typed, or in the other keyboard layout), ready for lookup. */
interface Reading {
  /** Key of the parsed name (prefixes, country and region hint removed). */
  key: string;
  /** Key of the name with its prefix kept: "ст оскол" is Старый Оскол before it is a станица Оскол. */
  unprefixed: string;
  /** A settlement prefix was stripped: the name may only match exactly. */
  settlement: boolean;
  /** Key of the name without a trailing Latin "city" ("Moscow city"), or '' when it has none. */
  bare: string;
  /** Letters of the parsed name as typed. */
  letters: number;
  /** Key of the whole text, equal to `key` when parsing removed nothing. */
  whole: string;
  regionCode: string | null;
  penalty: number;
  script: Script;
}

const HAS_LETTER = /\p{L}/u;
const CITY_SUFFIX = / city$/;

interface Scored {
  city: number;
  score: number;
  distance: number;
}

/** How far a query may be from a name, by query length: short names allow no typo at all. */
function maxDistance(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  if (length <= 10) return 2;
  return 3;
}

/** The key is a run of at most three letters said at least twice over ("ыва·ыва", "аа·аа"). */
export function repeatsShortRun(key: string): boolean {
  for (let period = 1; period <= 3; period++) {
    if (key.length < 2 * period) break;
    let repeats = true;
    for (let i = period; i < key.length && repeats; i++) repeats = key.charCodeAt(i) === key.charCodeAt(i % period);
    if (repeats) return true;
  }
  return false;
}

/**
 * What a resolver is built from a pack, all strings and typed arrays (resolve/resolver-image.ts saves them, so that
 * a build restores a resolver instead of building it): the match keys of the pack's names, in the name index's
 * order, what each key leads to, and the names as typed.
 */
export interface ResolverParts {
  keys: string[];
  /** Cities whose name or alternate has key `id`, primary names first: cities[citiesStart[id] .. citiesStart[id + 1]). */
  cities: Int32Array;
  citiesStart: Int32Array;
  /** Those of them whose primary name has it (one or two), likewise. */
  primary: Int32Array;
  primaryStart: Int32Array;
  /** The city an alias of this key names, or −1. */
  alias: Int32Array;
  /** The biggest foreign city with this key, per script of the spelling (KeyEntry.foreign). */
  foreignLatin: Int32Array;
  foreignCyrillic: Int32Array;
  /** Names lower-cased (ё as е), and the id of each one's key (−1: a name with no letters, no key). */
  plain: string[];
  plainKey: Int32Array;
  index: NameIndexParts;
}

export function createCityResolver(pack: Pack): CityResolver {
  return cityResolverOf(pack, resolverParts(pack));
}

export function resolverParts(pack: Pack): ResolverParts {
  const { cities } = pack;
  const byId = new Map(cities.map((c, i) => [c.geonameId, i]));

  // Names repeat across cities, alternates and the plain-text map: compute each key once.
  const keys = new Map<string, string>();
  const keyOf = (name: string): string => {
    let key = keys.get(name);
    if (key === undefined) {
      key = matchKey(normalizeText(name));
      keys.set(name, key);
    }
    return key;
  };
  const entries = new Map<string, KeyEntry>();
  const entry = (key: string): KeyEntry => {
    let e = entries.get(key);
    if (!e) {
      e = { cities: [], primary: [], alias: -1, foreign: { latin: 0, cyrillic: 0 } };
      entries.set(key, e);
    }
    return e;
  };
  cities.forEach((c, i) => {
    const primary = [c.name, c.nameEn, c.nameEn.split(',')[0]];
    const add = (n: string, isPrimary: boolean): void => {
      const key = keyOf(n);
      if (!key) return;
      const e = entry(key);
      if (!e.cities.includes(i)) e.cities.push(i);
      if (isPrimary && !e.primary.includes(i)) e.primary.push(i);
    };
    for (const n of primary) add(n, true);
    for (const n of c.alternates) add(n, false);
    for (const n of abbreviations(c.name)) add(n, false);
  });
  // Names by Object.keys, not Object.entries: the ru pack's 18,484 foreign names took 30 ms more as entries.
  for (const spelling of Object.keys(pack.aliases)) {
    const i = byId.get(pack.aliases[spelling]);
    if (i !== undefined) entry(keyOf(spelling)).alias = i;
  }
  for (const name of Object.keys(pack.foreign)) {
    const population = pack.foreign[name];
    const e = entry(keyOf(name));
    const script: Script = hasCyrillic(name) ? 'cyrillic' : 'latin';
    e.foreign[script] = Math.max(e.foreign[script], population);
  }
  // The common case, a name typed as the gazetteer spells it, skips normalization entirely.
  const plain = new Map<string, string>();
  const addPlain = (n: string): void => {
    const lower = n.toLowerCase().replace(/ё/g, 'е');
    if (!plain.has(lower)) plain.set(lower, keyOf(n));
  };
  for (const c of cities) [c.name, c.nameEn, ...c.alternates].forEach(addPlain);
  Object.keys(pack.aliases).forEach(addPlain);
  const indexKeys = [...entries.keys()];
  const keyEntries = [...entries.values()];
  const column = (of: (e: KeyEntry) => number[]): { values: Int32Array; start: Int32Array } => {
    const start = new Int32Array(keyEntries.length + 1);
    for (let id = 0; id < keyEntries.length; id++) start[id + 1] = start[id] + of(keyEntries[id]).length;
    const values = new Int32Array(start[keyEntries.length]);
    for (let id = 0; id < keyEntries.length; id++) values.set(of(keyEntries[id]), start[id]);
    return { values, start };
  };
  const owners = column((e) => e.cities);
  const primary = column((e) => e.primary);
  const idOf = new Map(indexKeys.map((k, id) => [k, id]));
  return {
    keys: indexKeys,
    cities: owners.values,
    citiesStart: owners.start,
    primary: primary.values,
    primaryStart: primary.start,
    alias: Int32Array.from(keyEntries, (e) => e.alias),
    foreignLatin: Int32Array.from(keyEntries, (e) => e.foreign.latin),
    foreignCyrillic: Int32Array.from(keyEntries, (e) => e.foreign.cyrillic),
    plain: [...plain.keys()],
    plainKey: Int32Array.from(plain.values(), (k) => idOf.get(k) ?? -1),
    index: nameIndexParts(indexKeys)
  };
}

/** The resolver that `parts` (resolverParts of the same pack) describe. */
export function cityResolverOf(pack: Pack, parts: ResolverParts): CityResolver {
  const { cities } = pack;
  const regionName = new Map(pack.regions.map((r) => [r.code, pack.code === 'ru' ? r.nameLocal : r.name]));
  const regionParser: RegionParser = createRegionParser(pack.regions);
  const indexKeys = parts.keys;
  const index: NameIndex = nameIndexOf(indexKeys, parts.index);
  // Each name as typed (lower-cased, resolverParts' plain map) to its key's id.
  const plain = new Map<string, number>();
  for (let i = 0; i < parts.plain.length; i++) plain.set(parts.plain[i], parts.plainKey[i]);
  // Each key's entry made when a lookup first reaches it: a build resolving a few hundred new spellings reaches a
  // few thousand of the ~23k.
  const keyEntries: (KeyEntry | undefined)[] = new Array(indexKeys.length);
  const entryOf = (id: number): KeyEntry =>
    (keyEntries[id] ??= {
      cities: Array.from(parts.cities.subarray(parts.citiesStart[id], parts.citiesStart[id + 1])),
      primary: Array.from(parts.primary.subarray(parts.primaryStart[id], parts.primaryStart[id + 1])),
      alias: parts.alias[id],
      foreign: { latin: parts.foreignLatin[id], cyrillic: parts.foreignCyrillic[id] }
    });

  const regionOf = cities.map((c) => regionName.get(c.regionCode) ?? c.regionCode);
  const candidate = (s: Scored): CityCandidate => {
    const c: City = cities[s.city];
    return { geonameId: c.geonameId, city: c.name, region: regionOf[s.city], regionCode: c.regionCode, score: round(s.score) };
  };

  const result = (input: string, status: CityResolution['status'], ranked: Scored[], score = 0): CityResolution => {
    const candidates = ranked.slice(0, MAX_CANDIDATES).map(candidate);
    const top = status === 'matched' ? candidates[0] : null;
    return {
      input,
      status,
      geonameId: top?.geonameId ?? null,
      city: top?.city ?? null,
      region: top?.region ?? null,
      regionCode: top?.regionCode ?? null,
      score: status === 'matched' ? round(score) : 0,
      candidates
    };
  };

  const agrees = (city: number, regionCode: string): boolean => {
    const code = cities[city].regionCode;
    return code === regionCode || ENCLOSING.get(code) === regionCode;
  };

  /**
   * Narrows to the hinted region, where the name's place is then looked for. Nobody of that name there: the
   * hint contradicts the name ("Самара, Московская область"), and the result is empty.
   */
  const inRegion = (ids: Scored[], regionCode: string | null): Scored[] => {
    if (!regionCode) return ids;
    const kept = ids.filter((s) => cities[s.city].regionCode === regionCode);
    return kept.length > 0 ? kept : ids.filter((s) => agrees(s.city, regionCode));
  };

  const byPopulation = (a: Scored, b: Scored): number => b.score - a.score || cities[b.city].population - cities[a.city].population;

  /** Picks among equally good namesakes: one must dwarf the rest, else it is ambiguous. */
  const decide = (input: string, ranked: Scored[], regionCode: string | null, foreignPopulation: number): CityResolution => {
    const pool = inRegion(ranked, regionCode).sort(byPopulation);
    if (pool.length === 0) return result(input, 'unresolved', ranked.sort(byPopulation));
    const best = pool[0];
    const { population } = cities[best.city];
    const foreign = regionCode === null && population < DOMESTIC_FLOOR && foreignPopulation > FOREIGN_DOMINANCE * population;
    if (foreign) return result(input, 'unresolved', pool);
    const rivals = pool.filter((s) => s.city !== best.city && s.distance <= best.distance);
    const runnerUp = rivals[0];
    if (runnerUp && cities[best.city].population < DOMINANCE * cities[runnerUp.city].population) return result(input, 'ambiguous', pool);
    return result(input, 'matched', pool, best.score);
  };

  /** What key `id` leads to (lookupExact's, for a key already found). */
  const lookupId = (id: number, regionCode: string | null, penalty: number, script: Script): { ranked: Scored[]; foreign: number } | null => {
    const e = entryOf(id);
    const alias: Scored | null = e.alias >= 0 ? { city: e.alias, score: 1 * penalty, distance: 0 } : null;
    if (alias && (!regionCode || agrees(e.alias, regionCode))) return { ranked: [alias], foreign: 0 };
    if (e.cities.length === 0) return alias ? { ranked: [alias], foreign: 0 } : e.foreign[script] > 0 ? { ranked: [], foreign: e.foreign[script] } : null;
    const ranked = e.cities.map((city) => ({ city, score: (e.primary.includes(city) ? 1 : 0.97) * penalty, distance: 0 }));
    return { ranked: alias ? [alias, ...ranked.filter((s) => s.city !== e.alias)] : ranked, foreign: e.foreign[script] };
  };

  const lookupExact = (key: string, regionCode: string | null, penalty: number, script: Script): { ranked: Scored[]; foreign: number } | null => {
    const id = index.exact(key);
    return id === undefined ? null : lookupId(id, regionCode, penalty, script);
  };

  const lookupNear = (key: string, letters: number, penalty: number, script: Script): { ranked: Scored[]; foreign: number; foreignDistance: number } => {
    // Transliteration lengthens a name ("мкя" → "mkya"): the budget follows the letters typed.
    const limit = maxDistance(Math.min(key.length, letters));
    const best = new Map<number, Scored>();
    let foreignDistance = Infinity;
    let foreign = 0;
    // Keyboard mash repeats a short run ("ываыва", "asdasd"); a typo never makes one, so it gets no fuzzy reading.
    if (limit === 0 || repeatsShortRun(key)) return { ranked: [], foreign, foreignDistance };
    // Most slips are one edit: look there first and widen only when nothing is that close.
    let hits = index.near(key, Math.min(1, limit));
    if (hits.length === 0 && limit > 1) hits = index.near(key, limit);
    for (const hit of hits) {
      const e = entryOf(hit.keyId);
      const similarity = 1 - hit.distance / Math.max(key.length, indexKeys[hit.keyId].length);
      // People see the first letter they type: a different one is another word or noise, unless it is the
      // only slip in a long word ("Piladelphia").
      if ((letters <= 5 || hit.distance > 1) && indexKeys[hit.keyId].charCodeAt(0) !== key.charCodeAt(0)) continue;
      const score = similarity * 0.95 * penalty;
      const owners = e.alias >= 0 ? [...e.cities, e.alias] : e.cities;
      for (const city of owners) {
        const prev = best.get(city);
        // Reached through several names at one distance: the shortest name's (lowest) score
        // counts, whatever order the index reports its hits in.
        if (!prev || prev.distance > hit.distance || (prev.distance === hit.distance && score < prev.score)) best.set(city, { city, score, distance: hit.distance });
      }
      const foreignHere = e.foreign[script];
      if (foreignHere > 0 && (hit.distance < foreignDistance || (hit.distance === foreignDistance && foreignHere > foreign))) {
        foreignDistance = hit.distance;
        foreign = foreignHere;
      }
    }
    const ranked = [...best.values()].sort((a, b) => a.distance - b.distance || cities[b.city].population - cities[a.city].population);
    return { ranked, foreign, foreignDistance };
  };

  // The US pack lists foreign names in Latin only; Cyrillic input meets them transliterated.
  const scriptOf = (text: string): Script => (pack.code === 'ru' && hasCyrillic(text) ? 'cyrillic' : 'latin');

  /** One reading of the input: its parsed name's key, the whole text's key and the region hint. */
  const read = (text: string, penalty: number): Reading => {
    const p = parseInput(text, regionParser);
    const key = matchKey(p.name);
    const normalized = normalizeText(text);
    // The whole text matters only when parsing removed something ("Н. Новгород" vs "новгород").
    const whole = normalized === p.name ? key : matchKey(normalized);
    const unprefixed = p.unprefixed === p.name ? key : matchKey(p.unprefixed);
    const bare = CITY_SUFFIX.test(p.name) ? matchKey(p.name.replace(CITY_SUFFIX, '')) : '';
    const letters = p.name.length - (p.name.split(' ').length - 1);
    return { key, whole, unprefixed, settlement: p.settlement, bare, letters, regionCode: p.regionCode, penalty, script: scriptOf(text) };
  };

  /**
   * Exact lookup of a reading: aliases and names, on the name with its prefix ("Ст. Оскол"), the whole text
   * ("Н. Новгород"), the parsed name, and the name without a "city" suffix ("Moscow city"; "Kansas City" is
   * found whole first).
   */
  const exactOf = (input: string, r: Reading): CityResolution | null => {
    let hit = null;
    for (const k of [r.unprefixed, r.whole, r.key, r.bare]) {
      if (hit) break;
      if (k) hit = lookupExact(k, r.regionCode, r.penalty, r.script);
    }
    if (!hit) return null;
    if (hit.ranked.length === 0) return result(input, 'unresolved', []);
    return decide(input, hit.ranked, r.regionCode, hit.foreign);
  };

  /** Approximate lookup, keeping the reading with the closest match. */
  const nearOf = (input: string, readings: Reading[]): CityResolution => {
    let bestNear: (ReturnType<typeof lookupNear> & { regionCode: string | null }) | null = null;
    for (const r of readings.flatMap((x) => (x.bare ? [x, { ...x, key: x.bare }] : [x]))) {
      // A settlement's name is its own: a near miss of it is another place ("с. Ивановка" is not Иваново).
      if (!r.key || r.settlement) continue;
      const near = lookupNear(r.key, r.letters, r.penalty, r.script);
      const ranked = inRegion(near.ranked, r.regionCode);
      const d = Math.min(ranked[0]?.distance ?? Infinity, near.foreignDistance);
      const bestD = bestNear ? Math.min(bestNear.ranked[0]?.distance ?? Infinity, bestNear.foreignDistance) : Infinity;
      if (d < bestD) bestNear = { ...near, ranked, regionCode: r.regionCode };
    }
    if (!bestNear || bestNear.ranked.length === 0) return result(input, 'unresolved', []);
    const top = bestNear.ranked[0];
    // Closer to a foreign city than to any of ours: not ours.
    if (bestNear.foreignDistance < top.distance) return result(input, 'unresolved', bestNear.ranked);
    const foreign = bestNear.foreignDistance === top.distance ? bestNear.foreign : 0;
    return decide(input, bestNear.ranked.filter((s) => s.distance === top.distance), bestNear.regionCode, foreign);
  };

  return {
    resolve(input: string): CityResolution {
      const raw = input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input;
      if (!HAS_LETTER.test(raw)) return result(input, 'unresolved', []);
      const lower = raw.trim().toLowerCase();
      const plainId = plain.get(lower.includes('ё') ? lower.replace(/ё/g, 'е') : lower) ?? -1;
      if (plainId >= 0) {
        const hit = lookupId(plainId, null, 1, scriptOf(raw));
        if (hit && hit.ranked.length > 0) return decide(input, hit.ranked, null, hit.foreign);
      }
      // Exact lookups before any approximate one; the keyboard-layout reading only when the
      // text as typed is not a known name (nearly all inputs stop at the first line).
      const typed = read(raw, 1);
      const typedExact = exactOf(input, typed);
      if (typedExact) return typedExact;
      // Russian typed into a US form is a transliteration already; a near miss of one is a guess.
      const near = pack.code === 'us' && hasCyrillic(raw) ? [] : [typed];
      const swapped = swapLayout(raw, pack.code);
      if (swapped === null) return nearOf(input, near);
      // Exact only: a layout slip with a typo on top is rarer than junk that re-reads as a near miss.
      return exactOf(input, read(swapped, 0.95)) ?? nearOf(input, near);
    }
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
