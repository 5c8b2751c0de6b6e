/**
 * Free-text city → gazetteer city. Three outcomes, never a silent guess:
 * matched (one plausible city), ambiguous (several, listed), unresolved (nothing plausible,
 * garbage, or a foreign city).
 */
import type { City, Pack } from '../../geo/pack.ts';
import { createNameIndex, type NameIndex } from './name-index.ts';
import { createRegionParser, matchKey, normalizeText, parseInput, type RegionParser } from './normalize.ts';
import { cyrillicLayoutToLatin, hasCyrillic, latinLayoutToCyrillic } from '../../shared/text/transliterate.ts';

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
}

/** A namesake this many times bigger wins outright ("Москва" the capital over villages). */
const DOMINANCE = 4;
/** A foreign city this many times bigger than the domestic namesake makes the input foreign. */
const FOREIGN_DOMINANCE = 10;
const MAX_CANDIDATES = 5;
const MAX_INPUT = 200;

interface KeyEntry {
  /** Cities whose name or alternate has this key; primary names first. */
  cities: number[];
  primary: Set<number>;
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
  /** Key of the whole text, equal to `key` when parsing removed nothing. */
  whole: string;
  regionCode: string | null;
  penalty: number;
  script: Script;
}

const HAS_LETTER = /\p{L}/u;

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

export function createCityResolver(pack: Pack): CityResolver {
  const { cities } = pack;
  const regionName = new Map(pack.regions.map((r) => [r.code, pack.code === 'ru' ? r.nameLocal : r.name]));
  const regionParser: RegionParser = createRegionParser(pack.regions);
  const byId = new Map(cities.map((c, i) => [c.geonameId, i]));

  // Names repeat across cities, alternates and the plain-text map: compute each key once.
  const keyMemo = new Map<string, string>();
  const keyOf = (name: string): string => {
    let key = keyMemo.get(name);
    if (key === undefined) {
      key = matchKey(normalizeText(name));
      keyMemo.set(name, key);
    }
    return key;
  };
  const entries = new Map<string, KeyEntry>();
  const entry = (key: string): KeyEntry => {
    let e = entries.get(key);
    if (!e) {
      e = { cities: [], primary: new Set(), alias: -1, foreign: { latin: 0, cyrillic: 0 } };
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
      if (isPrimary) e.primary.add(i);
    };
    for (const n of primary) add(n, true);
    for (const n of c.alternates) add(n, false);
  });
  for (const [spelling, id] of Object.entries(pack.aliases)) {
    const i = byId.get(id);
    if (i !== undefined) entry(keyOf(spelling)).alias = i;
  }
  for (const [name, population] of Object.entries(pack.foreign)) {
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
  const keys = [...entries.keys()];
  const keyEntries = keys.map((k) => entries.get(k)!);
  const index: NameIndex = createNameIndex(keys);

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

  /** Narrows to the hinted region when that leaves anyone; a wrong hint must not lose the city. */
  const inRegion = (ids: Scored[], regionCode: string | null): Scored[] => {
    if (!regionCode) return ids;
    const kept = ids.filter((s) => cities[s.city].regionCode === regionCode);
    return kept.length > 0 ? kept : ids;
  };

  const byPopulation = (a: Scored, b: Scored): number => b.score - a.score || cities[b.city].population - cities[a.city].population;

  /** Picks among equally good namesakes: one must dwarf the rest, else it is ambiguous. */
  const decide = (input: string, ranked: Scored[], regionCode: string | null, foreignPopulation: number): CityResolution => {
    const pool = inRegion(ranked, regionCode).sort(byPopulation);
    const best = pool[0];
    const hinted = regionCode !== null && cities[best.city].regionCode === regionCode;
    if (!hinted && foreignPopulation > FOREIGN_DOMINANCE * cities[best.city].population) return result(input, 'unresolved', pool);
    const rivals = pool.filter((s) => s.city !== best.city && s.distance <= best.distance);
    const runnerUp = rivals[0];
    if (runnerUp && cities[best.city].population < DOMINANCE * cities[runnerUp.city].population) return result(input, 'ambiguous', pool);
    return result(input, 'matched', pool, best.score);
  };

  const lookupExact = (key: string, regionCode: string | null, penalty: number, script: Script): { ranked: Scored[]; foreign: number } | null => {
    const id = index.exact(key);
    if (id === undefined) return null;
    const e = keyEntries[id];
    if (e.alias >= 0 && (!regionCode || cities[e.alias].regionCode === regionCode)) {
      return { ranked: [{ city: e.alias, score: 1 * penalty, distance: 0 }], foreign: 0 };
    }
    if (e.cities.length === 0) return e.foreign[script] > 0 ? { ranked: [], foreign: e.foreign[script] } : null;
    const ranked = e.cities.map((city) => ({ city, score: (e.primary.has(city) ? 1 : 0.97) * penalty, distance: 0 }));
    return { ranked, foreign: e.foreign[script] };
  };

  const lookupNear = (key: string, penalty: number, script: Script): { ranked: Scored[]; foreign: number; foreignDistance: number } => {
    const limit = maxDistance(key.length);
    const best = new Map<number, Scored>();
    let foreignDistance = Infinity;
    let foreign = 0;
    if (limit === 0) return { ranked: [], foreign, foreignDistance };
    // Most slips are one edit: look there first and widen only when nothing is that close.
    let hits = index.near(key, Math.min(1, limit));
    if (hits.length === 0 && limit > 1) hits = index.near(key, limit);
    for (const hit of hits) {
      const e = keyEntries[hit.keyId];
      const similarity = 1 - hit.distance / Math.max(key.length, keys[hit.keyId].length);
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

  /** The text re-read in the other keyboard layout ("vjcrdf" → "москва"), or null when it cannot be a slip. */
  const swapLayout = (raw: string): string | null => (pack.code === 'ru' ? latinLayoutToCyrillic(raw) : cyrillicLayoutToLatin(raw));

  /** One reading of the input: its parsed name's key, the whole text's key and the region hint. */
  const read = (text: string, penalty: number): Reading => {
    const p = parseInput(text, regionParser);
    const key = matchKey(p.name);
    const normalized = normalizeText(text);
    // The whole text matters only when parsing removed something ("Н. Новгород" vs "новгород").
    const whole = normalized === p.name ? key : matchKey(normalized);
    return { key, whole, regionCode: p.regionCode, penalty, script: scriptOf(text) };
  };

  /** Exact lookup of a reading: aliases and names, on the whole text ("Н. Новгород") and on the parsed name. */
  const exactOf = (input: string, r: Reading): CityResolution | null => {
    let hit = r.whole ? lookupExact(r.whole, r.regionCode, r.penalty, r.script) : null;
    if (!hit && r.key && r.key !== r.whole) hit = lookupExact(r.key, r.regionCode, r.penalty, r.script);
    if (!hit) return null;
    if (hit.ranked.length === 0) return result(input, 'unresolved', []);
    return decide(input, hit.ranked, r.regionCode, hit.foreign);
  };

  /** Approximate lookup, keeping the reading with the closest match. */
  const nearOf = (input: string, readings: Reading[]): CityResolution => {
    let bestNear: (ReturnType<typeof lookupNear> & { regionCode: string | null }) | null = null;
    for (const r of readings) {
      if (!r.key) continue;
      const near = lookupNear(r.key, r.penalty, r.script);
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
      const plainKey = plain.get(lower.includes('ё') ? lower.replace(/ё/g, 'е') : lower);
      if (plainKey !== undefined) {
        const hit = lookupExact(plainKey, null, 1, scriptOf(raw));
        if (hit && hit.ranked.length > 0) return decide(input, hit.ranked, null, hit.foreign);
      }
      // Exact lookups before any approximate one; the keyboard-layout reading only when the
      // text as typed is not a known name (nearly all inputs stop at the first line).
      const typed = read(raw, 1);
      const typedExact = exactOf(input, typed);
      if (typedExact) return typedExact;
      const swapped = swapLayout(raw);
      if (swapped === null) return nearOf(input, [typed]);
      const reread = read(swapped, 0.95);
      return exactOf(input, reread) ?? nearOf(input, [typed, reread]);
    }
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
