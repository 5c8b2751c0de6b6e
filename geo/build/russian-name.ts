/**
 * Picks the Russian display name of a Russian place from GeoNames' untagged alternates.
 *
 * The alternates mix Russian with Ukrainian, Belarusian, Bulgarian, Tatar, Bashkir, Mari,
 * Kalmyk and pre-reform spellings. We keep only forms written with the modern Russian alphabet,
 * then prefer the one whose transliteration is closest to GeoNames' English name (which is a
 * BGN/PCGN transliteration of the Russian name), breaking ties towards Russian-only letters
 * (neighbours drop the final ь: "Казан", "Перм") and hyphenated compounds ("Санкт-Петербург").
 */
import { distance } from 'fastest-levenshtein';
import { cyrToLat, latToCyr } from '../../shared/text/transliterate.ts';

const RUSSIAN_WORD = /^[а-яё]+(?:[- ][а-яё]+)*$/i;
// "город" in Mari, Buryat/Mongolian, Kalmyk, Tuvan/Kyrgyz, Chuvash (written in plain Cyrillic).
const CITY_WORD_SUFFIX = / (ош|хот|хото|балһсн|шаары|хула|кала)$/i;
// Pre-reform spellings end words with ъ; modern Russian never does.
const PRE_REFORM = /ъ(?=[- ]|$)/i;
// Ukrainian softens the suffix ("Омськ", "Кузнецьк"); Russian does not. "мьн" is Old Russian.
const UKRAINIAN_SOFT = /[сцзт]ьк|мьн/i;

function latinKey(s: string): string {
  return s.toLowerCase().replace(/['’`ʹ]/g, '').replace(/[-\s]+/g, ' ').trim();
}

function russianLetterBonus(s: string): number {
  let bonus = 0;
  if (/[ыэё]/i.test(s)) bonus += 1;
  if (/ь(?=[- ]|$)|ь/i.test(s)) bonus += 1;
  if (s.includes('-')) bonus += 1;
  return bonus;
}

export function isRussianSpelling(s: string): boolean {
  return RUSSIAN_WORD.test(s) && !CITY_WORD_SUFFIX.test(s) && !PRE_REFORM.test(s) && !UKRAINIAN_SOFT.test(s);
}

export function chooseRussianName(englishName: string, asciiName: string, alternates: string[]): string {
  const target = latinKey(asciiName);
  const targetName = latinKey(englishName);
  let best: string | null = null;
  let bestKey: [number, number, number] = [Infinity, Infinity, Infinity];
  for (const alt of alternates) {
    if (!isRussianSpelling(alt)) continue;
    const lat = latinKey(cyrToLat(alt.toLowerCase()));
    const d = Math.min(distance(lat, target), distance(lat, targetName));
    const key: [number, number, number] = [d, -russianLetterBonus(alt), alt.length];
    if (key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
      best = alt;
      bestKey = key;
    }
  }
  // A far-off best means the Russian form is missing (only an old or foreign name is there).
  if (best !== null && bestKey[0] <= Math.max(3, Math.ceil(target.length * 0.4))) return best;
  return capitalizeWords(latToCyr(asciiName.toLowerCase().replace(/['’]/g, 'ь')));
}

function capitalizeWords(s: string): string {
  return s.replace(/(^|[- ])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}
