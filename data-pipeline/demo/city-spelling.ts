/**
 * Free-text cities as people type them. Most type the standard display name; a city-specific share
 * (Moscow 2.5 %, St Petersburg 12.6 %, Komsomolsk-on-Amur > 20 % — the reference campaign's numbers)
 * type something else: an abbreviation or alias (СПб, Питер, Комсомольск, NYC, Philly), a typo, wrong case,
 * a "г. " prefix, stray spaces, a Latin spelling, the region after a comma. Independently of the city, some
 * rows are empty, garbage ("не скажу", "123", emoji, markup) or a foreign city; people outside the gazetteer's
 * cities type their village.
 */
import type { City, Pack, Region } from '../../geo/pack.ts';
import { pickWeighted, Rng } from './prng.ts';

/** Share of non-standard spellings for a city with no specific rate. */
export const DEFAULT_ERROR_RATE = 0.07;

/** Per-city shares of non-standard spellings, by GeoNames id. */
export const ERROR_RATES: Record<number, number> = {
  524901: 0.025, // Москва
  498817: 0.126, // Санкт-Петербург
  2021851: 0.23 // Комсомольск-на-Амуре
};

/** Mix of kinds of non-standard spellings, for cities with aliases; specific cities lean on aliases. */
type VariantKind = 'alias' | 'typo' | 'lower' | 'upper' | 'prefix' | 'spaces' | 'latin' | 'withRegion' | 'hyphen';
const DEFAULT_MIX: ReadonlyArray<readonly [VariantKind, number]> = [
  ['alias', 0.16],
  ['typo', 0.3],
  ['lower', 0.15],
  ['upper', 0.03],
  ['prefix', 0.13],
  ['spaces', 0.09],
  ['latin', 0.05],
  ['withRegion', 0.05],
  ['hyphen', 0.04]
];
const MIX_BY_CITY: Record<number, ReadonlyArray<readonly [VariantKind, number]>> = {
  498817: [['alias', 0.55], ['typo', 0.2], ['lower', 0.08], ['prefix', 0.07], ['spaces', 0.04], ['latin', 0.03], ['hyphen', 0.03]],
  2021851: [['alias', 0.72], ['typo', 0.1], ['lower', 0.05], ['prefix', 0.05], ['hyphen', 0.05], ['spaces', 0.03]]
};

/** Spellings people use that the pack's alias list may lack, by GeoNames id (curated, in order of frequency). */
const EXTRA_ALIASES: Record<number, string[]> = {
  524901: ['мск', 'Мск', 'Moskva', 'Moscow', 'Масква', 'Моска'],
  498817: ['Питер', 'СПб', 'Спб', 'спб', 'Санкт Петербург', 'С-Пб', 'Петербург', 'С.-Петербург', 'Санкт-петербург', 'питер', 'С-Петербург', 'Ленинград', 'St. Petersburg'],
  2021851: ['Комсомольск', 'Комсомольск на Амуре', 'КнА', 'Комсомольск-на-амуре', 'комсомольск', 'Комс-на-Амуре', 'Комсомольск-на-Амуре, Хабаровский край', 'Комсомольск н/А']
};

/** US spellings by English name (the US pack has no curated list of its own for these). */
const US_ALIASES: Record<string, string[]> = {
  'New York City': ['NYC', 'New York', 'New York, NY', 'NY', 'new york city'],
  'Los Angeles': ['LA', 'L.A.', 'Los Angeles, CA', 'Los Angelas'],
  'San Francisco': ['SF', 'San Fran', 'S.F.', 'Frisco'],
  Philadelphia: ['Philly', 'Phila', 'Philadelphia, PA', 'Philadelpia'],
  'St. Louis': ['St Louis', 'Saint Louis', 'STL', 'St. Louis, MO'],
  'Saint Louis': ['St. Louis', 'St Louis', 'STL'],
  Washington: ['DC', 'Washington DC', 'Washington, D.C.', 'D.C.'],
  'Las Vegas': ['Vegas', 'Las Vegas, NV'],
  Chicago: ['Chi-town', 'Chicago, IL', 'Chcago'],
  Indianapolis: ['Indy'],
  Minneapolis: ['Mpls'],
  'Oklahoma City': ['OKC', 'Oklahoma City, OK'],
  'Salt Lake City': ['SLC', 'Salt Lake'],
  'New Orleans': ['NOLA'],
  Jacksonville: ['Jax'],
  Albuquerque: ['ABQ', 'Albuquerque, NM', 'Albequerque'],
  Pittsburgh: ['Pittsburg', 'Pgh'],
  Cincinnati: ['Cincy', 'Cincinatti'],
  Houston: ['H-Town', 'Houston, TX'],
  'San Antonio': ['San Antonio, TX', 'SA'],
  Boston: ['Boston, MA', 'Beantown'],
  Detroit: ['Detroit, MI', 'the D'],
  Atlanta: ['ATL', 'Atlanta, GA']
};

const RU_GARBAGE = ['не скажу', '123', '-', '—', '???', 'Россия', 'РФ', 'нет', 'Земля', '😀', '🏠 дом', '<b>Москва</b>', '<script>alert(1)</script>', 'test', 'asdf', 'мой город', '.', '0', 'n/a', '"Москва"', 'Москва; DROP TABLE', 'город', 'йцукен'];
const RU_FOREIGN = ['Киев', 'Минск', 'Алматы', 'Рига', 'Берлин', 'Лондон', 'Нью-Йорк', 'Тбилиси', 'Харьков', 'Прага', 'Таллин', 'Одесса', 'Кишинёв', 'Ташкент', 'Бишкек', 'Вильнюс', 'Ереван', 'Хельсинки', 'Тель-Авив', 'Гомель'];
const RU_VILLAGES = ['Ивановка', 'Петровка', 'Первомайский', 'Октябрьский', 'Никольское', 'Михайловка', 'Александровка', 'Берёзовка', 'Новоселье', 'Красный Яр', 'Сосновка', 'Покровка', 'Вознесенское', 'Ключи', 'Юбилейный', 'Садовый', 'Луговое', 'Степное', 'Дубки', 'Знаменка', 'Раздолье', 'Васильевка'];
const RU_VILLAGE_PREFIX = ['с. ', 'пос. ', 'д. ', 'п. ', 'село ', 'пгт ', 'деревня ', 'пгт. ', ''];
const US_GARBAGE = ['none', 'n/a', '123', '-', '???', 'USA', 'Earth', '😀', '<b>Chicago</b>', 'test', 'asdf', 'prefer not to say', '.', '0', 'my town', 'home 🏠'];
const US_FOREIGN = ['Toronto', 'London', 'Vancouver', 'Mexico City', 'Berlin', 'Paris', 'Sydney', 'Dublin', 'Tijuana', 'Montreal', 'Calgary', 'Manila'];
const US_VILLAGES = ['Pleasant Hill', 'Fairview', 'Oak Grove', 'Centerville', 'Franklin Twp', 'Clinton Township', 'Georgetown', 'Greenville', 'Salem', 'Riverside', 'Cedar Creek', 'Pine Ridge', 'Shady Grove', 'Mill Creek'];

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya'
};

const translitCache = new Map<string, string>();

export function translit(s: string): string {
  const cached = translitCache.get(s);
  if (cached !== undefined) return cached;
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const t = TRANSLIT[lower];
    if (t === undefined) out += ch;
    else out += lower === ch ? t : t.charAt(0).toUpperCase() + t.slice(1);
  }
  if (translitCache.size < 10_000) translitCache.set(s, out);
  return out;
}

const CONFUSE: Record<string, string[]> = {
  а: ['о'], о: ['а'], е: ['и', 'э'], и: ['е', 'ы'], ё: ['е'], э: ['е'], ы: ['и'], я: ['а'], с: ['сс'], н: ['нн'], л: ['лл'], ь: [''], ъ: [''], й: ['и'],
  a: ['e'], e: ['a', 'i'], i: ['e', 'y'], o: ['a'], s: ['ss'], l: ['ll'], t: ['tt'], y: ['i'], c: ['k']
};

/** One or two typing mistakes. */
export function typo(rng: Rng, s: string): string {
  const chars = [...s];
  const ops = rng.chance(0.8) ? 1 : 2;
  for (let k = 0; k < ops && chars.length > 3; k++) {
    const i = 1 + rng.int(chars.length - 1);
    const op = rng.int(4);
    if (op === 0) chars.splice(i, 1);
    else if (op === 1 && i < chars.length - 1) [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
    else if (op === 2) chars.splice(i, 0, chars[i]);
    else {
      const c = chars[i].toLowerCase();
      const alts = CONFUSE[c];
      if (alts) chars[i] = rng.pick(alts);
      else chars.splice(i, 1);
    }
  }
  const out = chars.join('');
  return out === s ? `${s.slice(0, -1)}` : out;
}

function regionShort(region: Region, lang: 'ru' | 'en', rng: Rng): string {
  if (lang === 'en') return rng.chance(0.6) ? region.code.slice(3) : region.name;
  const n = region.nameLocal;
  if (n.endsWith(' область') && rng.chance(0.6)) return n.replace(/ область$/, rng.chance(0.8) ? ' обл.' : ' обл');
  if (n.startsWith('Республика ') && rng.chance(0.5)) return n.replace('Республика ', 'Респ. ');
  return rng.chance(0.15) ? n.toLowerCase() : n;
}

interface CityVariants {
  rate: number;
  mix: ReadonlyArray<readonly [VariantKind, number]>;
  aliases: Array<readonly [string, number]>;
}

export interface Speller {
  /** What a person from `city` types (the standard name with probability 1 − the city's error rate). */
  city(rng: Rng, city: City, region: Region): string;
  /** What a person from outside the gazetteer's cities types. */
  rural(rng: Rng, region: Region, regionCapital: City | undefined): string;
  /** The optional region column. */
  region(rng: Rng, region: Region): string;
  /** Empty, garbage or a foreign city instead of the real answer; null for most rows. */
  noise(rng: Rng): string | null;
  /** The standard display name of a city. */
  standard(city: City): string;
}

export function makeSpeller(pack: Pack): Speller {
  const lang: 'ru' | 'en' = pack.code === 'ru' ? 'ru' : 'en';
  const packAliases = new Map<number, string[]>();
  for (const [alias, id] of Object.entries(pack.aliases)) {
    const list = packAliases.get(id);
    if (list) list.push(alias);
    else packAliases.set(id, [alias]);
  }
  const standard = (c: City): string => (lang === 'ru' ? c.name : c.nameEn || c.name);
  const cache = new Map<number, CityVariants>();
  const variantsOf = (c: City): CityVariants => {
    let v = cache.get(c.geonameId);
    if (v) return v;
    const name = standard(c);
    const list = [...(EXTRA_ALIASES[c.geonameId] ?? []), ...(lang === 'en' ? US_ALIASES[name] ?? [] : []), ...(packAliases.get(c.geonameId) ?? [])];
    const seen = new Set<string>([name]);
    const aliases: Array<readonly [string, number]> = [];
    for (const a of list) {
      if (seen.has(a)) continue;
      seen.add(a);
      aliases.push([a, 1 / (aliases.length + 1)]);
    }
    v = { rate: ERROR_RATES[c.geonameId] ?? DEFAULT_ERROR_RATE, mix: MIX_BY_CITY[c.geonameId] ?? DEFAULT_MIX, aliases };
    cache.set(c.geonameId, v);
    return v;
  };

  const variant = (rng: Rng, c: City, region: Region, v: CityVariants): string => {
    const name = standard(c);
    let kind = pickWeighted(rng, v.mix);
    if (kind === 'alias' && !v.aliases.length) kind = 'typo';
    if (kind === 'hyphen' && !name.includes('-')) kind = 'lower';
    switch (kind) {
      case 'alias':
        return pickWeighted(rng, v.aliases);
      case 'typo':
        return typo(rng, name);
      case 'lower':
        return name.toLowerCase();
      case 'upper':
        return name.toUpperCase();
      case 'prefix':
        return lang === 'ru' ? rng.pick(['г. ', 'г.', 'город ', 'гор. ', 'Г. ']) + name : rng.pick(['City of ', 'city of ']) + name;
      case 'spaces':
        return rng.pick([` ${name}`, `${name} `, `  ${name}`, name.replace(/[- ]/g, (m) => ` ${m} `), `${name}.`]);
      case 'latin':
        return lang === 'ru' ? (rng.chance(0.5) ? c.nameEn : translit(name)) : name.toLowerCase();
      case 'withRegion':
        return `${name}, ${regionShort(region, lang, rng)}`;
      case 'hyphen':
        return rng.chance(0.6) ? name.replace(/-/g, ' ') : name.replace(/-/g, '');
    }
  };

  return {
    standard,
    city(rng, c, region) {
      const v = variantsOf(c);
      if (!rng.chance(v.rate)) {
        if (lang === 'en') {
          // "City, ST" is a standard form in US forms, not a mistake.
          const x = rng.next();
          if (x < 0.2) return `${standard(c)}, ${region.code.slice(3)}`;
          if (x < 0.24) return `${standard(c)}, ${region.name}`;
        }
        return standard(c);
      }
      return variant(rng, c, region, v);
    },
    rural(rng, region, regionCapital) {
      if (regionCapital && rng.chance(0.3)) return standard(regionCapital);
      if (lang === 'ru') {
        const s = rng.pick(RU_VILLAGE_PREFIX) + rng.pick(RU_VILLAGES);
        return rng.chance(0.3) ? `${s}, ${regionShort(region, lang, rng)}` : s;
      }
      const s = rng.pick(US_VILLAGES);
      return rng.chance(0.5) ? `${s}, ${region.code.slice(3)}` : s;
    },
    region: (rng, region) => regionShort(region, lang, rng),
    noise(rng) {
      const x = rng.next();
      if (x < 0.01) return '';
      if (x < 0.0135) return rng.pick(lang === 'ru' ? RU_GARBAGE : US_GARBAGE);
      if (x < 0.017) return rng.pick(lang === 'ru' ? RU_FOREIGN : US_FOREIGN);
      return null;
    }
  };
}
