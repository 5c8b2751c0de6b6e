/**
 * Exact and approximate lookup of match keys. Approximate search uses the q-gram lemma to
 * prune: a key within edit distance k of a query shares at least (bigrams(query) − 2k) bigrams
 * with it, so only keys reached through enough bigram postings are measured with Levenshtein.
 */
import { distance } from 'fastest-levenshtein';

export interface KeyHit {
  /** Position of the key as passed to createNameIndex. */
  keyId: number;
  distance: number;
}

export interface NameIndex {
  exact(key: string): number | undefined;
  /** Keys within maxDistance of the query, unordered. */
  near(key: string, maxDistance: number): KeyHit[];
}

function bigrams(key: string): string[] {
  const padded = ` ${key} `;
  const out: string[] = [];
  for (let i = 0; i < padded.length - 1; i += 1) out.push(padded.slice(i, i + 2));
  return out;
}

export function createNameIndex(keys: string[]): NameIndex {
  const exactMap = new Map<string, number>();
  // Postings per bigram and key length: a query only walks lengths within its edit budget.
  const postings = new Map<string, number[]>();
  keys.forEach((key, id) => {
    exactMap.set(key, id);
    for (const g of new Set(bigrams(key))) {
      const slot = `${g}${key.length}`;
      const list = postings.get(slot);
      if (list) list.push(id);
      else postings.set(slot, [id]);
    }
  });
  const counts = new Int32Array(keys.length);
  const touched: number[] = [];
  return {
    exact: (key) => exactMap.get(key),
    near(key, maxDistance) {
      const grams = [...new Set(bigrams(key))];
      // Each edit breaks at most two bigrams, a transposition three: one bigram of slack for it.
      const needed = Math.max(1, grams.length - 2 * maxDistance - 1);
      for (let len = Math.max(1, key.length - maxDistance); len <= key.length + maxDistance; len += 1) {
        for (const g of grams) {
          const list = postings.get(`${g}${len}`);
          if (!list) continue;
          for (const id of list) {
            if (counts[id] === 0) touched.push(id);
            counts[id] += 1;
          }
        }
      }
      const hits: KeyHit[] = [];
      for (const id of touched) {
        const shared = counts[id];
        counts[id] = 0;
        if (shared < needed) continue;
        const candidate = keys[id];
        let d = distance(key, candidate);
        // Swapped letters are one slip, not two: refine near misses with the OSA distance.
        if (d >= 2 && d <= maxDistance + 1) d = Math.min(d, transpositionDistance(key, candidate));
        if (d <= maxDistance) hits.push({ keyId: id, distance: d });
      }
      touched.length = 0;
      return hits;
    }
  };
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
export function transpositionDistance(a: string, b: string): number {
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i += 1) {
    cur[0] = i;
    for (let j = 1; j <= n; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}
