/**
 * Script conversions for matching free-text city names typed into Russian and US forms.
 *
 * Matching happens on a Latin "skeleton" so that "Москва", "Moskva" and "Moscow"-style
 * spellings meet in one index; the functions here are pure and browser-safe.
 */

// BGN/PCGN-like, without diacritics, because GeoNames' English names follow it
// ("Naberezhnyye Chelny", "Tol'yatti") and so do people typing Russian names in Latin.
const CYR_TO_LAT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Letters of neighbouring Cyrillic alphabets still turn up in typed input.
  і: 'i', ї: 'yi', є: 'ye', ў: 'u', ґ: 'g'
};

// Indexed by char code for speed: this runs on every name and every query.
const CYR_TABLE: Array<string | undefined> = [];
for (const [ch, lat] of Object.entries(CYR_TO_LAT)) CYR_TABLE[ch.charCodeAt(0)] = lat;

/** Russian Cyrillic → Latin; other characters pass through unchanged. Input should be lower case. */
export function cyrToLat(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i += 1) {
    const code = s.charCodeAt(i);
    out += code >= 0x400 && code <= 0x4ff ? (CYR_TABLE[code] ?? s[i]) : s[i];
  }
  return out;
}

// Longest digraphs first so "shch" wins over "sh" + "ch".
const LAT_TO_CYR: Array<[string, string]> = [
  ['shch', 'щ'], ['sch', 'щ'], ['zh', 'ж'], ['kh', 'х'], ['ts', 'ц'], ['tz', 'ц'], ['ch', 'ч'],
  ['sh', 'ш'], ['yu', 'ю'], ['ju', 'ю'], ['ya', 'я'], ['ja', 'я'], ['yo', 'ё'], ['jo', 'ё'],
  ['yye', 'ые'], ['ye', 'е'], ['iy', 'ий'], ['yy', 'ый'],
  ['a', 'а'], ['b', 'б'], ['v', 'в'], ['w', 'в'], ['g', 'г'], ['d', 'д'], ['e', 'е'], ['z', 'з'],
  ['i', 'и'], ['j', 'й'], ['y', 'ы'], ['k', 'к'], ['l', 'л'], ['m', 'м'], ['n', 'н'], ['o', 'о'],
  ['p', 'п'], ['r', 'р'], ['s', 'с'], ['t', 'т'], ['u', 'у'], ['f', 'ф'], ['h', 'х'], ['c', 'к'],
  ['q', 'к'], ['x', 'кс']
];

/** Latin → Russian Cyrillic, best effort (used to display a name when no Cyrillic form exists). */
export function latToCyr(s: string): string {
  let out = '';
  let i = 0;
  outer: while (i < s.length) {
    // "y" after a vowel is й ("Pervomayskoye"), elsewhere ы.
    if (s[i] === 'y' && /[аеёиоуыэюя]$/.test(out) && !/^y[aeiou]/.test(s.slice(i))) {
      out += 'й';
      i += 1;
      continue;
    }
    for (const [lat, cyr] of LAT_TO_CYR) {
      if (s.startsWith(lat, i)) {
        out += cyr;
        i += lat.length;
        continue outer;
      }
    }
    out += s[i];
    i += 1;
  }
  return out;
}

/**
 * Folds spelling variants that carry no information for matching: the many ways to write
 * й/ы endings, х, ц, doubled consonants, initial "ye". Applied to both index and query.
 */
export function skeleton(latin: string): string {
  return latin
    .replace(/shch|sch|kh|tz|ts|ph|w|x|j|'/g, (m) => SKELETON_DIGRAPHS[m])
    .replace(/(iy|yy|ij|yj|ii|yi)(?=\s|$)/g, 'i')
    .replace(/([^aeiou\s])y(?=\s|$)/g, '$1i')
    .replace(/(^|\s)ye/g, '$1e')
    .replace(/([bcdfghklmnprstvz])\1/g, '$1');
}

const SKELETON_DIGRAPHS: Record<string, string> = { shch: 'sh', sch: 'sh', kh: 'h', tz: 'c', ts: 'c', ph: 'f', w: 'v', x: 'ks', j: 'y', "'": '' };

// Latin letters that look like Cyrillic ones on screen and on the keyboard's glyphs.
const LAT_LOOKALIKE: Record<string, string> = {
  a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', k: 'к', m: 'м', t: 'т', h: 'н', b: 'в',
  A: 'А', E: 'Е', O: 'О', P: 'Р', C: 'С', X: 'Х', Y: 'У', K: 'К', M: 'М', T: 'Т', H: 'Н', B: 'В'
};
// The reverse direction: only letters that look alike in both cases (lower-case т, н, в, м do not).
const CYR_LOOKALIKE: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', к: 'k',
  А: 'A', Е: 'E', О: 'O', Р: 'P', С: 'C', Х: 'X', У: 'Y', К: 'K', М: 'M', Т: 'T', Н: 'H', В: 'B'
};

const CYR = /[\u0400-\u04ff]/;
const LAT = /[a-z]/i;

/**
 * Repairs words mixing scripts: a word that is mostly Cyrillic gets its Latin look-alikes
 * turned Cyrillic, and vice versa. Words in one script are left alone.
 */
export function fixMixedScript(s: string): string {
  // Text in one script has no mixed word: skip the per-word pass (the common case).
  if (!CYR.test(s) || !LAT.test(s)) return s;
  return s.replace(/[\p{L}]+/gu, (word) => {
    if (!CYR.test(word) || !LAT.test(word)) return word;
    let cyr = 0;
    let lat = 0;
    for (const ch of word) {
      if (CYR.test(ch)) cyr += 1;
      else if (LAT.test(ch)) lat += 1;
    }
    const table = cyr >= lat ? LAT_LOOKALIKE : CYR_LOOKALIKE;
    let out = '';
    for (const ch of word) out += table[ch] ?? ch;
    return out;
  });
}

// ЙЦУКЕН over QWERTY: what a Russian word becomes when typed with the Latin layout on.
const QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const JCUKEN = 'йцукенгшщзхъфывапролджэячсмитьбюё';
const TO_CYR_LAYOUT = new Map<string, string>();
const TO_LAT_LAYOUT = new Map<string, string>();
for (let i = 0; i < QWERTY.length; i += 1) {
  TO_CYR_LAYOUT.set(QWERTY[i], JCUKEN[i]);
  TO_LAT_LAYOUT.set(JCUKEN[i], QWERTY[i]);
}
// Shifted keys of the same positions (Х, Ъ, Ж, Э, Б, Ю, Ё), and the Russian layout's comma
// and full stop, which sit on Latin "?" and "/".
for (const [lat, cyr] of [['{', 'х'], ['}', 'ъ'], [':', 'ж'], ['"', 'э'], ['<', 'б'], ['>', 'ю'], ['~', 'ё'], ['?', ','], ['/', '.']] as const) {
  TO_CYR_LAYOUT.set(lat, cyr);
}

/**
 * Re-reads text typed with the Latin layout active as the Cyrillic it was meant to be
 * ("vjcrdf" → "москва"). Returns null when the text cannot be such a slip (it has Cyrillic,
 * or no letters).
 */
export function latinLayoutToCyrillic(s: string): string | null {
  if (CYR.test(s) || !LAT.test(s)) return null;
  let out = '';
  for (const ch of s.toLowerCase()) out += TO_CYR_LAYOUT.get(ch) ?? ch;
  return out;
}

/** The opposite slip: Latin text typed with the Cyrillic layout ("Ысфкдуыещт" → "scarleston"). */
export function cyrillicLayoutToLatin(s: string): string | null {
  if (LAT.test(s) || !CYR.test(s)) return null;
  let out = '';
  for (const ch of s.toLowerCase()) out += TO_LAT_LAYOUT.get(ch) ?? ch;
  return out;
}

export function hasCyrillic(s: string): boolean {
  return CYR.test(s);
}
