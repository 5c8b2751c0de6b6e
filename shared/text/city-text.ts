/**
 * The resolver's text normalization, browser-safe so the dashboard's search reads names as the pipeline does:
 * normalizeText (case, ё, punctuation, script slips), matchKey (one Latin skeleton for every script and spelling
 * habit), keyboard-layout slips and the packs' alias groups.
 */
import { cyrillicLayoutToLatin, cyrToLat, fixMixedScript, latinLayoutToCyrillic, skeleton } from './transliterate.ts';

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

/** The text re-read in the other keyboard layout of the pack's language ("vjcrdf" → "москва"), or null. */
export function swapLayout(text: string, pack: 'ru' | 'us'): string | null {
  return pack === 'ru' ? latinLayoutToCyrillic(text) : cyrillicLayoutToLatin(text);
}

/**
 * Alias spellings grouped by the city they name: each key maps to the keys of every spelling of the same city
 * ("питер" → "санкт петербург", "спб", …). A pack's alias group includes the city's own name, so a search
 * over city names finds "Питер" through its group.
 */
export function aliasGroups(aliases: Record<string, number>): Map<string, string[]> {
  const byCity = new Map<number, string[]>();
  for (const [spelling, id] of Object.entries(aliases)) {
    const key = matchKey(normalizeText(spelling));
    const group = byCity.get(id) ?? [];
    if (key && !group.includes(key)) group.push(key);
    byCity.set(id, group);
  }
  const out = new Map<string, string[]>();
  for (const group of byCity.values()) for (const key of group) out.set(key, group);
  return out;
}
