/**
 * Turns a free-text city field into a clean name plus an optional region hint.
 * Pure functions; the region parser is built once per pack.
 */
import { distance } from 'fastest-levenshtein';
import type { Region } from '../../geo/pack.ts';
import { matchKey, normalizeText } from '../../shared/text/city-text.ts';
import { cyrToLat, fixMixedScript, skeleton } from '../../shared/text/transliterate.ts';

// Words before the name that say it is a city ("г. Москва", "City of Austin"): dropping them loses nothing.
const CITY_PREFIXES = [['city', 'of'], ['town', 'of'], ['village', 'of'], ['г'], ['гор'], ['город']];
// Words before the name that say it is a smaller place ("с. Ивановка", "пос. Ува", "ст-ца Ленинградская"): the
// name is that place's own, never a near-miss of a city's ("с. Ивановка" is not Иваново).
const SETTLEMENT_PREFIXES = [
  ['п', 'г', 'т'], ['р', 'п'], ['ст', 'ца'], ['пгт'], ['рп'], ['пос'], ['поселок'], ['п'], ['с'], ['c'], ['село'], ['д'], ['дер'], ['деревня'],
  ['х'], ['хут'], ['хутор'], ['ст'], ['станица'], ['аул'], ['сл'], ['слобода'], ['снт'], ['кп'], ['нп'], ['мкр']
];

/** Drops a leading settlement-type prefix; `settlement` says whether it named a place smaller than a city. */
export function stripPrefix(tokens: string[]): { tokens: string[]; settlement: boolean } {
  for (const [list, settlement] of [[CITY_PREFIXES, false], [SETTLEMENT_PREFIXES, true]] as const) {
    for (const p of list) {
      if (tokens.length > p.length && p.every((t, i) => tokens[i] === t)) return { tokens: tokens.slice(p.length), settlement };
    }
  }
  return { tokens, settlement: false };
}

const COUNTRIES = new Set([
  'россия', 'рф', 'российская федерация', 'russia', 'russian federation', 'ru', 'rossiya',
  'usa', 'us', 'u s a', 'u s', 'united states', 'united states of america', 'america', 'сша', 'america usa'
]);

function stripCountry(tokens: string[]): string[] {
  for (let n = Math.min(4, tokens.length - 1); n >= 1; n -= 1) {
    if (COUNTRIES.has(tokens.slice(-n).join(' '))) return tokens.slice(0, -n);
  }
  return tokens;
}

// Words that mark a region, not a city: "Волгоградская обл.", "Респ. Татарстан", "Perm Krai".
const REGION_TYPE_WORDS = new Set([
  'область', 'обл', 'край', 'кр', 'республика', 'респ', 'р', 'автономный', 'автономная', 'авт', 'округ', 'ао', 'аобл',
  'oblast', 'obl', 'krai', 'kray', 'region', 'republic', 'rep', 'autonomous', 'okrug', 'state', 'of', 'the'
]);
// Enough on their own to say "this tail is a region" when there is no comma.
const STRONG_TYPE_WORDS = new Set(['область', 'обл', 'край', 'республика', 'респ', 'ао', 'oblast', 'krai', 'kray', 'republic', 'state']);

function regionCore(normalized: string): string {
  return normalized
    .split(' ')
    .filter((t) => t && !REGION_TYPE_WORDS.has(t))
    .join(' ');
}

export interface RegionParser {
  /**
   * ISO 3166-2 code for a region hint ("IL", "Illinois", "Волгоградская обл."), or null.
   * `loose` also accepts prefixes and near misses; only for text that is surely a region.
   */
  parse(hint: string, loose?: boolean): string | null;
}

export function createRegionParser(regions: Region[], extraAliases: Record<string, string> = {}): RegionParser {
  const byKey = new Map<string, string>();
  // ISO suffixes compared as typed: their skeletons collide ("WA" and "VA" both become "va").
  const byCode = new Map<string, string>();
  const cores: Array<[string, string]> = [];
  const add = (text: string, code: string): void => {
    const core = matchKey(regionCore(normalizeText(text)));
    if (!core) return;
    if (!byKey.has(core)) byKey.set(core, code);
    cores.push([core, code]);
  };
  for (const r of regions) {
    add(r.name, r.code);
    add(r.nameLocal, r.code);
    // "US-IL" → "il"; "RU-MOW" → "mow"; exports that carry the ISO code itself ("US-IL") give it as the hint.
    byCode.set(r.code.split('-')[1].toLowerCase(), r.code);
    byCode.set(normalizeText(r.code), r.code);
  }
  for (const [alias, code] of Object.entries(extraAliases)) byKey.set(matchKey(normalizeText(alias)), code);
  // Hints come from a small vocabulary (region names and their abbreviations): remember answers.
  const memo = new Map<string, string | null>();
  const MEMO_LIMIT = 50_000;
  return {
    parse(hint: string, loose = true): string | null {
      const memoKey = `${loose ? 1 : 0}${hint}`;
      const known = memo.get(memoKey);
      if (known !== undefined) return known;
      const code = parseUncached(hint, loose);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(memoKey, code);
      return code;
    }
  };

  function parseUncached(hint: string, loose: boolean): string | null {
    const normalized = normalizeText(hint);
    const code = byCode.get(normalized);
    if (code) return code;
    const direct = byKey.get(matchKey(normalized));
    if (direct) return direct;
    const core = matchKey(regionCore(normalized));
    if (!core) return null;
    const exact = byKey.get(core);
    if (exact || !loose) return exact ?? null;
    // "Волгоград. обл", "свердл обл", typos: a unique prefix or a near miss.
    const hits = new Set<string>();
    for (const [c, code] of cores) {
      if ((core.length >= 4 && c.startsWith(core)) || (core.length >= 6 && distance(core, c) <= 2)) hits.add(code);
    }
    return hits.size === 1 ? [...hits][0] : null;
  }
}

export interface ParsedInput {
  /** Normalized name tokens joined by spaces, prefixes and country stripped. */
  name: string;
  /** The name as typed before its prefix was stripped ("ст оскол": an abbreviation, not a станица). */
  unprefixed: string;
  /** The stripped prefix named a settlement smaller than a city: only that exact name may match. */
  settlement: boolean;
  /** Region code parsed from a hint, or null. */
  regionCode: string | null;
}

const US_POSTAL = /^[a-z]{2}$/;

/** Splits "Springfield, IL", "Волжский, Волгоградская обл.", "г. Москва, Россия" into name and region. */
export function parseInput(raw: string, regions: RegionParser): ParsedInput {
  const parts = raw
    .split(/[,;()/|]+/)
    .map((p) => stripCountry(normalizeText(p).split(' ').filter(Boolean)))
    .filter((t) => t.length > 0 && !COUNTRIES.has(t.join(' ')));
  if (parts.length === 0) return { name: '', unprefixed: '', settlement: false, regionCode: null };
  // The name comes first, unless the first part is explicitly a region ("Волгоградская обл., Волжский").
  const leadingRegion = parts.length > 1 && parts[0].some((t) => REGION_TYPE_WORDS.has(t)) ? regions.parse(parts[0].join(' ')) : null;
  const nameAt = leadingRegion ? 1 : 0;
  let nameTokens = parts[nameAt];
  let regionCode: string | null = leadingRegion;
  for (let i = nameAt + 1; i < parts.length && regionCode === null; i += 1) regionCode = regions.parse(parts[i].join(' '));
  // A hint without a comma: "Springfield IL", "Волжский Волгоградская обл".
  if (regionCode === null && nameTokens.length >= 2) {
    for (let n = Math.min(3, nameTokens.length - 1); n >= 1; n -= 1) {
      const tail = nameTokens.slice(-n);
      const typed = tail.some((t) => STRONG_TYPE_WORDS.has(t));
      const postal = n === 1 && US_POSTAL.test(tail[0]);
      const region = typed || postal ? regions.parse(tail.join(' '), typed) : null;
      if (region) {
        regionCode = region;
        nameTokens = nameTokens.slice(0, -n);
        break;
      }
    }
  }
  const stripped = stripPrefix(nameTokens);
  return { name: stripped.tokens.join(' '), unprefixed: nameTokens.join(' '), settlement: stripped.settlement, regionCode };
}
