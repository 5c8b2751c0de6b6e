/**
 * Turns a free-text city field into a clean name plus an optional region hint.
 * Pure functions; the region parser is built once per pack.
 */
import { distance } from 'fastest-levenshtein';
import type { Region } from '../../geo/pack.ts';
import { cyrToLat, fixMixedScript, skeleton } from '../../shared/text/transliterate.ts';

// Already normalized: Latin or Russian letters and digits in words joined by single spaces.
const NORMALIZED = /^[a-z0-9а-я]+(?: [a-z0-9а-я]+)*$/;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** Lower case, ё→е, script slips repaired, punctuation and hyphens to single spaces. */
export function normalizeText(s: string): string {
  if (isPlainWords(s)) return s.toLowerCase();
  const simple = simpleNormalize(s);
  if (simple !== null) return simple;
  const lower = fixMixedScript(s).toLowerCase();
  // Most text is plain words already: one test instead of three rewrites.
  if (NORMALIZED.test(lower)) return lower;
  return lower.replace(/ё/g, 'е').replace(NOT_WORD, ' ').trim();
}

/**
 * normalizeText in one pass without regexes, for text of Latin or Russian letters (ё included), digits and ASCII
 * punctuation where no word mixes the two alphabets: most formatted input ("г. Москва", "Москва, Россия",
 * "Springfield, IL", "г. Moscow"), which the regex path took about a third of a resolve to normalize. Null for
 * anything else (other letters, a word with a script slip to repair), which takes that path.
 */
function simpleNormalize(s: string): string | null {
  let out = '';
  // Scripts seen in the current run of letters: fixMixedScript repairs only a run that has both.
  let latin = false;
  let cyrillic = false;
  let gap = false;
  for (let i = 0; i < s.length; i += 1) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      c += 32;
      latin = true;
    } else if (c >= 97 && c <= 122) latin = true;
    else if (c >= 0x410 && c <= 0x42f) {
      c += 32;
      cyrillic = true;
    } else if (c >= 0x430 && c <= 0x44f) cyrillic = true;
    else if (c === 0x401 || c === 0x451) {
      c = 0x435; // ё → е
      cyrillic = true;
    } else if (c >= 48 && c <= 57) {
      latin = cyrillic = false;
    } else if (c < 128) {
      // Punctuation and spaces: one space between words, none at the ends.
      latin = cyrillic = false;
      gap = out.length > 0;
      continue;
    } else return null;
    if (latin && cyrillic) return null;
    if (gap) {
      out += ' ';
      gap = false;
    }
    out += String.fromCharCode(c);
  }
  return out;
}

/**
 * True for the usual input, words of Latin or Russian letters (either case, no ё) and digits
 * joined by single spaces, all in one script: normalizing it only lower-cases it.
 */
function isPlainWords(s: string): boolean {
  let latin = false;
  let cyrillic = false;
  let previousSpace = true; // no leading space
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (previousSpace) return false;
      previousSpace = true;
      continue;
    }
    previousSpace = false;
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) latin = true;
    else if (c >= 0x410 && c <= 0x44f) cyrillic = true;
    else if (c < 48 || c > 57) return false;
  }
  // A word mixing scripts needs fixMixedScript's repair; a trailing space needs trimming.
  return !previousSpace && !(latin && cyrillic);
}

// Abbreviations that stand for the same word in names ("St. Louis", "Ft. Worth", "Mt. Vernon").
const TOKEN_EXPANSIONS = new Map(Object.entries({ st: 'saint', ste: 'sainte', ft: 'fort', mt: 'mount', sankt: 'saint', san: 'san' }));

/**
 * The matching key: one Latin skeleton for every script and spelling habit. Every step works
 * within a word, so the key is the words' keys joined; words repeat endlessly across inputs
 * ("город", "область", "new", "saint") and their keys are remembered.
 */
export function matchKey(normalized: string): string {
  let key = '';
  let start = 0;
  while (start <= normalized.length) {
    let end = normalized.indexOf(' ', start);
    if (end < 0) end = normalized.length;
    if (end > start) {
      const part = wordKey(normalized.slice(start, end));
      if (part) key = key ? `${key} ${part}` : part;
    }
    start = end + 1;
  }
  return key;
}

const wordKeys = new Map<string, string>();
/** Bounds memory on endless distinct garbage; the vocabulary of real inputs is far smaller. */
const WORD_KEYS_LIMIT = 100_000;

/** matchKey of one space-free word (which may still split: letters outside a–z and Cyrillic, "são" → "s o"). */
function wordKey(word: string): string {
  let key = wordKeys.get(word);
  if (key === undefined) {
    const latin = cyrToLat(word)
      .replace(/[^a-z0-9 ]+/g, ' ')
      .split(' ')
      .filter(Boolean)
      .map((t) => TOKEN_EXPANSIONS.get(t) ?? t)
      .join(' ');
    key = skeleton(latin);
    if (wordKeys.size >= WORD_KEYS_LIMIT) wordKeys.clear();
    wordKeys.set(word, key);
  }
  return key;
}

// Settlement-type words people put before the name: "г. Москва", "пос. Ува", "City of Austin".
const PREFIXES = [
  ['city', 'of'], ['town', 'of'], ['village', 'of'],
  ['г'], ['гор'], ['город'], ['пгт'], ['пос'], ['поселок'], ['п'], ['с'], ['село'], ['c'], ['д'], ['деревня'], ['ст'], ['станица'], ['рп'], ['мкр']
];

const COUNTRIES = new Set([
  'россия', 'рф', 'российская федерация', 'russia', 'russian federation', 'ru', 'rossiya',
  'usa', 'us', 'u s a', 'u s', 'united states', 'united states of america', 'america', 'сша', 'america usa'
]);

export function stripPrefix(tokens: string[]): string[] {
  for (const p of PREFIXES) {
    if (tokens.length > p.length && p.every((t, i) => tokens[i] === t)) return tokens.slice(p.length);
  }
  return tokens;
}

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
    // "US-IL" → "il"; "RU-MOW" → "mow".
    byKey.set(matchKey(r.code.split('-')[1].toLowerCase()), r.code);
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
  if (parts.length === 0) return { name: '', regionCode: null };
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
  return { name: stripPrefix(nameTokens).join(' '), regionCode };
}
