/**
 * Deterministic labelled inputs for the city resolver: how people really mistype their city
 * in a form (typos, layouts, abbreviations, transliteration, prefixes, region hints), drawn from
 * the gazetteer weighted by population, plus a garbage set that must stay unresolved.
 */
import type { City, Pack } from '../../geo/pack.ts';
import { matchKey, normalizeText } from '../../data-pipeline/resolve/normalize.ts';
import { cyrToLat } from '../../shared/text/transliterate.ts';

export interface LabelledInput {
  text: string;
  geonameId: number;
  kind: string;
}

/** mulberry32: tiny, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROWS = {
  ru: ['йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбю'],
  us: ['qwertyuiop', 'asdfghjkl', 'zxcvbnm']
};
const QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const JCUKEN = 'йцукенгшщзхъфывапролджэячсмитьбюё';
const LOOKALIKE: Record<string, string> = { а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', к: 'k' };

function neighbours(ch: string, rows: string[]): string {
  for (let r = 0; r < rows.length; r += 1) {
    const i = rows[r].indexOf(ch);
    if (i >= 0) return (rows[r][i - 1] ?? '') + (rows[r][i + 1] ?? '') + (rows[r + 1]?.[i] ?? '') + (rows[r - 1]?.[i] ?? '');
  }
  return '';
}

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

/** One keyboard slip at a random letter position (not the first letter: people see that one). */
function typo(s: string, rand: Rand, rows: string[]): string {
  const letters = [...s];
  const positions = letters.map((c, i) => (i > 0 && /\p{L}/u.test(c) ? i : -1)).filter((i) => i >= 0);
  if (positions.length < 2) return s;
  const i = pick(rand, positions);
  const kind = rand();
  if (kind < 0.3) {
    const near = neighbours(letters[i].toLowerCase(), rows);
    if (near) letters[i] = pick(rand, [...near]);
  } else if (kind < 0.55) letters.splice(i, 1);
  else if (kind < 0.75) letters.splice(i, 0, letters[i]);
  else if (i + 1 < letters.length && /\p{L}/u.test(letters[i + 1])) [letters[i], letters[i + 1]] = [letters[i + 1], letters[i]];
  else letters.splice(i, 1);
  return letters.join('');
}

/** Russian typed with the Latin layout on; the Russian layout's "," and "." sit on "?" and "/". */
function wrongLayout(s: string): string {
  const punct: Record<string, string> = { ',': '?', '.': '/' };
  return [...s.toLowerCase()].map((c) => punct[c] ?? QWERTY[JCUKEN.indexOf(c)] ?? c).join('');
}

function mixedScript(s: string, rand: Rand): string {
  return [...s].map((c) => (LOOKALIKE[c] && rand() < 0.5 ? LOOKALIKE[c] : c)).join('');
}

function capitalize(s: string): string {
  return s.replace(/(^|[- ])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Names shared by several gazetteer cities: a form filler would add the region. */
function sharedKeys(pack: Pack): Map<string, Set<number>> {
  const owners = new Map<string, Set<number>>();
  for (const c of pack.cities) {
    for (const n of [c.name, c.nameEn, ...c.alternates]) {
      const key = matchKey(normalizeText(n));
      const set = owners.get(key) ?? new Set<number>();
      set.add(c.geonameId);
      owners.set(key, set);
    }
  }
  for (const [alias, id] of Object.entries(pack.aliases)) owners.set(matchKey(normalizeText(alias)), new Set([id]));
  return owners;
}

/** Two places of one name in one region: even with the region nobody can tell them apart. */
function sameNameInRegion(pack: Pack, city: City, key: string): boolean {
  return pack.cities.some((c) => c !== city && c.regionCode === city.regionCode && matchKey(normalizeText(c.name)) === key);
}

export function realisticInputs(pack: Pack, count: number, seed: number): LabelledInput[] {
  const rand = prng(seed);
  const owners = sharedKeys(pack);
  const regionName = new Map(pack.regions.map((r) => [r.code, pack.code === 'ru' ? r.nameLocal : r.name]));
  const aliasesOf = new Map<number, string[]>();
  for (const [alias, id] of Object.entries(pack.aliases)) aliasesOf.set(id, [...(aliasesOf.get(id) ?? []), alias]);
  const cumulative: number[] = [];
  let total = 0;
  for (const c of pack.cities) cumulative.push((total += c.population));
  const drawCity = (): City => {
    const x = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return pack.cities[lo];
  };
  const rows = ROWS[pack.code];
  const out: LabelledInput[] = [];
  while (out.length < count) {
    const city = drawCity();
    const base = city.name;
    const region = regionName.get(city.regionCode)!;
    const baseKey = matchKey(normalizeText(base));
    const baseOwners = owners.get(baseKey)!;
    // Where the name alone cannot say which city (namesakes, an alias taken by a bigger city,
    // a far bigger foreign namesake), people from there add the region, and so does this set.
    const needsRegion = baseOwners.size > 1 || !baseOwners.has(city.geonameId) || (pack.foreign[base.toLowerCase()] ?? 0) > city.population;
    if (needsRegion && sameNameInRegion(pack, city, baseKey)) continue;
    const r = rand();
    let text = base;
    let kind = 'exact';
    if (r < 0.25) kind = 'exact';
    else if (r < 0.33) [text, kind] = [base.toLowerCase(), 'lowercase'];
    else if (r < 0.53 && base.length >= 6) [text, kind] = [typo(base, rand, rows), 'typo'];
    else if (r < 0.58 && aliasesOf.has(city.geonameId)) [text, kind] = [pick(rand, aliasesOf.get(city.geonameId)!), 'alias'];
    else if (r < 0.66 && pack.code === 'ru') [text, kind] = [capitalize(cyrToLat(base.toLowerCase())), 'latin'];
    else if (r < 0.71 && pack.code === 'ru') [text, kind] = [mixedScript(base, rand), 'mixed-script'];
    else if (r < 0.77 && pack.code === 'ru') [text, kind] = ['', 'layout'];
    else if (r < 0.84) [text, kind] = [pack.code === 'ru' ? `г. ${base}` : `City of ${base}`, 'prefix'];
    else if (r < 0.9) [text, kind] = [pack.code === 'ru' ? `${base}, Россия` : `${base}, USA`, 'country'];
    else [text, kind] = [`${base}, ${region}`, 'region-hint'];

    if (kind !== 'alias') {
      const named = owners.get(matchKey(normalizeText(text || base)));
      // A slip that lands exactly on another city's name cannot be told apart by anyone.
      if (named && !named.has(city.geonameId)) continue;
    }
    if (needsRegion && kind !== 'region-hint' && kind !== 'alias') {
      text = `${text || base}, ${region}`;
      kind += '+region';
    }
    if (kind.startsWith('layout')) text = wrongLayout(text || base);
    out.push({ text, geonameId: city.geonameId, kind });
  }
  return out;
}

const GARBAGE_FIXED = [
  'не скажу', 'нет', 'не знаю', '-', '—', '123', '000000', 'test', 'тест', 'asdf', 'qwerty', 'йцукен', 'ываыва', 'xxx',
  '<script>alert(1)</script>', "'; DROP TABLE users; --", 'null', 'undefined', 'N/A', 'n/a', '???', '+7 999 123-45-67',
  'ivan@example.com', 'Россия', 'USA', 'Earth', 'Земля', 'home', 'везде', 'на даче', 'secret', 'none'
];
const FOREIGN = {
  ru: ['Киев', 'Минск', 'Алматы', 'Ташкент', 'Берлин', 'Париж', 'Лондон', 'Нью-Йорк', 'Рига', 'Вильнюс', 'Харьков', 'Одесса', 'Kiev', 'Minsk', 'Berlin'],
  us: ['Toronto', 'London', 'Berlin', 'Tokyo', 'Mexico City', 'Vancouver', 'Montreal', 'Sydney', 'Beijing', 'Madrid', 'Guadalajara', 'Calgary']
};

/** Inputs that name no domestic city: refusals, junk, injections, keyboard mashing, foreign cities. */
export function garbageInputs(code: Pack['code'], count: number, seed: number): string[] {
  const rand = prng(seed);
  const out = [...GARBAGE_FIXED, ...FOREIGN[code]];
  const alphabets = ['абвгдежзийклмнопрстуфхцчшщыэюя', 'abcdefghijklmnopqrstuvwxyz', '0123456789!@#$%^&*'];
  while (out.length < count) {
    const alphabet = pick(rand, alphabets);
    const len = 3 + Math.floor(rand() * 10);
    let s = '';
    for (let i = 0; i < len; i += 1) s += pick(rand, [...alphabet]);
    out.push(s);
  }
  return out.slice(0, count);
}
