/**
 * Forgiving search for the list mode: people type their city with typos, without ё, in Latin or Cyrillic.
 * Names are normalized (case, ё→е, punctuation and hyphens to spaces), Cyrillic is also transliterated (the resolver's table, shared/text) so
 * "Novosibirsk" finds Новосибирск, and candidates are ranked by Levenshtein distance of the query to the name
 * or to any same-length prefix of it (so "новос" finds Новосибирск while typing). The query is also read as the
 * pipeline's resolver reads it: its match key, the pack's aliases ("Питер", "NYC", "Philly") and the other keyboard
 * layout ("Vjcrdf").
 */
import { distance } from 'fastest-levenshtein';
import { aliasGroups, matchKey, normalizeText, swapLayout } from '$shared/text/city-text';
import { cyrToLat } from '$shared/text/transliterate';

export function normalizeName(s: string): string {
  return s
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface SearchEntry<T> {
  item: T;
  /** Every name the item may be found by (city, headquarters name, region names). */
  names: string[];
}

export interface SearchIndex<T> {
  entries: Array<{ item: T; keys: string[] }>;
  /** The pack whose keyboard layout and aliases the query may use. */
  pack: 'ru' | 'us' | null;
  aliases: Map<string, string[]>;
}

export function buildSearchIndex<T>(entries: SearchEntry<T>[], pack: 'ru' | 'us' | null = null, aliases: Record<string, number> = {}): SearchIndex<T> {
  return {
    pack,
    aliases: aliasGroups(aliases),
    entries: entries.map(({ item, names }) => {
      const keys = new Set<string>();
      for (const name of names) {
        const n = normalizeName(name);
        if (n === '') continue;
        keys.add(n);
        keys.add(cyrToLat(n));
        keys.add(matchKey(n));
        // Each word too, so "штаб новосибирск" is found by "новосибирск".
        for (const word of n.split(' ')) if (word.length > 2) keys.add(word), keys.add(cyrToLat(word));
      }
      return { item, keys: [...keys] };
    })
  };
}

/** Typos allowed for a query of this length: none for very short queries, then one per four letters. */
function tolerance(length: number): number {
  return length < 4 ? 0 : Math.max(1, Math.floor(length / 4));
}

/** Matching items, best first; an empty query returns everything in index order. */
export function searchIndex<T>(index: SearchIndex<T>, query: string): T[] {
  const q = normalizeName(query);
  if (q === '') return index.entries.map((e) => e.item);
  const variants = new Set([q, cyrToLat(q)]);
  const swapped = index.pack ? swapLayout(query, index.pack) : null;
  for (const text of swapped ? [q, normalizeText(swapped)] : [q]) {
    const key = matchKey(text);
    variants.add(text);
    variants.add(key);
    for (const sibling of index.aliases.get(key) ?? []) variants.add(sibling);
  }
  const allowed = tolerance(q.length);
  const scored: Array<{ item: T; score: number; order: number }> = [];
  index.entries.forEach((entry, order) => {
    let best = Infinity;
    for (const key of entry.keys) {
      for (const v of variants) {
        if (key.includes(v)) best = Math.min(best, key.startsWith(v) ? 0 : 0.5);
        else best = Math.min(best, distance(v, key), distance(v, key.slice(0, v.length)) + 0.25);
      }
    }
    if (best <= allowed) scored.push({ item: entry.item, score: best, order });
  });
  return scored.sort((a, b) => a.score - b.score || a.order - b.order).map((s) => s.item);
}
