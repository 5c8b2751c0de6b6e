/**
 * Deterministic labelled inputs for the city resolver: how people really mistype their city
 * in a form (typos, layouts, abbreviations, transliteration, prefixes, region hints), drawn from
 * the gazetteer weighted by population, plus a garbage set that must stay unresolved.
 */
import type { City, Pack } from '../../geo/pack.ts';
import { matchKey, normalizeText } from '../../shared/text/city-text.ts';
import { cyrToLat } from '../../shared/text/transliterate.ts';
import { mulberry32 } from '../../shared/random/mulberry32.ts';

export interface LabelledInput {
  text: string;
  geonameId: number;
  kind: string;
}

/** The seeded generator the sets are drawn with. */
export const prng = mulberry32;

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
  us: ['Toronto', 'London', 'Berlin', 'Tokyo', 'Mexico City', 'Montreal', 'Sydney', 'Beijing', 'Madrid', 'Guadalajara', 'Calgary']
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

/** A label that says the input names no gazetteer place and must be refused. */
export const REFUSE = 0;

/** Deterministic split by a hash of the text (FNV-1a): tuning looks only at one half, the figures come from the other. */
export function isHeldOut(text: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h & 1) === 1;
}

const SETTLEMENT_PREFIXES = ['с.', 'село', 'пос.', 'посёлок', 'п.', 'дер.', 'д.', 'деревня', 'пгт', 'х.', 'хутор', 'ст-ца', 'станица', 'р.п.'];
/** Names of villages formed from a city's name, the way Ивановка sits beside Иваново. */
const DERIVED_SUFFIXES = ['ка', 'овка', 'ское', 'ский', 'ино', 'ово'];
const ABBREVIATED = /^(стар|нижн|нов|велик|верхн|больш)(ий|ый|ой|ая|яя|ое|ее|ие|ые)$/;
const ABBREVIATIONS: Record<string, string[]> = {
  стар: ['Ст.', 'Стар.'], нижн: ['Н.', 'Нижн.', 'Н'], нов: ['Н.', 'Нов.'], велик: ['В.', 'Вел.'], верхн: ['В.', 'Верхн.'], больш: ['Б.', 'Бол.']
};
/** Regions that contain a city of another region in everyday speech ("Москва, Московская область"). */
const ENCLOSING: Record<string, string> = { 'RU-MOW': 'RU-MOS', 'RU-SPE': 'RU-LEN' };

/**
 * The hard classes: settlement prefixes (a place of that exact name, or refused when only a city's near
 * namesake exists), a region that contradicts the city (refused), abbreviated adjectives ("Ст. Оскол"),
 * Latin "city" suffixes, state codes, domestic cities sharing a name with a bigger foreign one.
 */
export function hardInputs(pack: Pack, count: number, seed: number): LabelledInput[] {
  const rand = prng(seed);
  const owners = sharedKeys(pack);
  const keyOf = (s: string): string => matchKey(normalizeText(s));
  const regionName = new Map(pack.regions.map((r) => [r.code, pack.code === 'ru' ? r.nameLocal : r.name]));
  const unique = pack.cities.filter((c) => {
    const o = owners.get(keyOf(c.name));
    return o !== undefined && o.size === 1 && o.has(c.geonameId) && (pack.foreign[c.name.toLowerCase()] ?? 0) <= c.population;
  });
  const sameNameIn = (name: string, regionCode: string): boolean => pack.cities.some((c) => c.regionCode === regionCode && keyOf(c.name) === keyOf(name));
  const out: LabelledInput[] = [];
  const makers: Array<() => LabelledInput | null> = [
    () => {
      const c = pick(rand, unique);
      const other = pick(rand, pack.regions).code;
      if (other === c.regionCode || ENCLOSING[c.regionCode] === other || sameNameIn(c.name, other)) return null;
      return { text: `${c.name}, ${regionName.get(other)!}`, geonameId: REFUSE, kind: 'region-conflict' };
    },
    () => {
      const c = pick(rand, unique);
      return { text: `${c.name}, ${regionName.get(c.regionCode)!}`, geonameId: c.geonameId, kind: 'region-consistent' };
    }
  ];
  if (pack.code === 'ru') {
    const abbreviable = pack.cities.filter((c) => ABBREVIATED.test(normalizeText(c.name).split(' ')[0]) && c.name.includes(' '));
    makers.push(
      () => {
        const c = pick(rand, unique);
        return { text: `${pick(rand, SETTLEMENT_PREFIXES)} ${c.name}`, geonameId: c.geonameId, kind: 'settlement' };
      },
      () => {
        const c = pick(rand, unique);
        const stem = c.name.replace(/[аеиоуыэюяйь]$/u, '');
        const derived = stem + pick(rand, DERIVED_SUFFIXES);
        if (owners.has(keyOf(derived)) || derived.includes(' ') || derived.includes('-')) return null;
        return { text: `${pick(rand, SETTLEMENT_PREFIXES)} ${derived}`, geonameId: REFUSE, kind: 'settlement-other' };
      },
      () => {
        const c = pick(rand, abbreviable);
        const [first, ...rest] = c.name.split(' ');
        const stem = ABBREVIATED.exec(normalizeText(first))![1];
        const abbr = pick(rand, ABBREVIATIONS[stem]);
        const text = `${abbr}${rand() < 0.2 ? '' : ' '}${rest.join(' ')}`;
        const named = owners.get(keyOf(text));
        if (named && !named.has(c.geonameId)) return null;
        const o = owners.get(keyOf(c.name));
        const region = o && o.size > 1 ? `, ${regionName.get(c.regionCode)!}` : '';
        return { text: text + region, geonameId: c.geonameId, kind: 'abbreviation' };
      },
      () => {
        const c = pick(rand, unique);
        return { text: `${capitalize(cyrToLat(c.name.toLowerCase()))} ${pick(rand, ['city', 'City'])}`, geonameId: c.geonameId, kind: 'city-suffix' };
      }
    );
  } else {
    const big = pack.cities.filter((c) => c.population >= 100_000);
    makers.push(
      () => {
        const c = pick(rand, pack.cities);
        if (sameNameInRegion(pack, c, keyOf(c.name))) return null;
        const postal = c.regionCode.slice(3);
        return { text: pick(rand, [`${c.name}, ${postal}`, `${c.name} ${postal}`, `${c.name}, ${regionName.get(c.regionCode)!}`]), geonameId: c.geonameId, kind: 'state' };
      },
      () => {
        const c = pick(rand, unique);
        if (/ city$/i.test(c.name) || owners.has(keyOf(`${c.name} city`))) return null;
        return { text: `${c.name} ${pick(rand, ['city', 'City'])}`, geonameId: c.geonameId, kind: 'city-suffix' };
      },
      () => {
        const c = pick(rand, big);
        const o = owners.get(keyOf(c.name));
        if (!o || o.size > 1 || !o.has(c.geonameId)) return null;
        return { text: c.name, geonameId: c.geonameId, kind: 'big-city' };
      }
    );
  }
  for (let guard = 0; out.length < count && guard < count * 20; guard += 1) {
    const x = pick(rand, makers)();
    if (x) out.push(x);
  }
  return out;
}

export interface LabelledSet {
  /** Inputs that name a city: realistic spellings and the hard classes. */
  named: LabelledInput[];
  /** Inputs to refuse: junk, foreign cities and the hard classes' refusals. */
  refuse: string[];
  /** Random letters: a few land one slip from a small town's name, as a typo would. */
  random: string[];
}

/**
 * The labelled set of a pack, `size` realistic spellings plus a tenth as many hard cases and garbage each, split
 * by isHeldOut: `half` picks the tuning or the held-out half.
 */
export function labelledSet(pack: Pack, size: number, half: 'tuning' | 'held-out'): LabelledSet {
  const keep = (text: string): boolean => isHeldOut(text) === (half === 'held-out');
  const all = [...realisticInputs(pack, size, 20240101), ...hardInputs(pack, Math.ceil(size / 10), 7)];
  const garbage = garbageInputs(pack.code, Math.ceil(size / 10), 99);
  const fixed = GARBAGE_FIXED.length + FOREIGN[pack.code].length;
  return {
    named: all.filter((x) => x.geonameId !== REFUSE && keep(x.text)),
    refuse: [...all.filter((x) => x.geonameId === REFUSE).map((x) => x.text), ...garbage.slice(0, fixed)].filter(keep),
    random: garbage.slice(fixed).filter(keep)
  };
}

export interface Accuracy {
  named: number;
  right: number;
  wrong: number;
  refuse: number;
  refused: number;
  random: number;
  randomRefused: number;
  /** The inputs resolved wrong or not refused, for tuning. */
  misses: Array<{ text: string; kind: string; expected: number; got: number | null; status: string }>;
}

export function measureAccuracy(resolve: (text: string) => { status: string; geonameId: number | null }, set: LabelledSet): Accuracy {
  const a: Accuracy = { named: set.named.length, right: 0, wrong: 0, refuse: set.refuse.length, refused: 0, random: set.random.length, randomRefused: 0, misses: [] };
  for (const x of set.named) {
    const r = resolve(x.text);
    if (r.status === 'matched' && r.geonameId === x.geonameId) a.right += 1;
    else {
      if (r.status === 'matched') a.wrong += 1;
      a.misses.push({ text: x.text, kind: x.kind, expected: x.geonameId, got: r.geonameId, status: r.status });
    }
  }
  for (const text of set.refuse) {
    const r = resolve(text);
    if (r.status === 'unresolved') a.refused += 1;
    else a.misses.push({ text, kind: 'refuse', expected: REFUSE, got: r.geonameId, status: r.status });
  }
  for (const text of set.random) {
    const r = resolve(text);
    if (r.status === 'unresolved') a.randomRefused += 1;
    else a.misses.push({ text, kind: 'random', expected: REFUSE, got: r.geonameId, status: r.status });
  }
  return a;
}
