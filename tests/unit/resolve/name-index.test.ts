import { describe, expect, it } from 'vitest';
import { createNameIndex, transpositionDistance } from '../../../data-pipeline/resolve/name-index.ts';
import { mulberry32 } from '../../../shared/random/mulberry32.ts';

const LETTERS = 'абвгдеклмнорстуaeiklnost -';

function word(next: () => number, min: number, max: number): string {
  const n = min + Math.floor(next() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += LETTERS[Math.floor(next() * LETTERS.length)];
  return s;
}

/** A slip of the kind people type: a letter dropped, added, changed, or two swapped. */
function slip(next: () => number, s: string): string {
  const i = Math.floor(next() * Math.max(1, s.length));
  const c = LETTERS[Math.floor(next() * LETTERS.length)];
  switch (Math.floor(next() * 4)) {
    case 0:
      return s.slice(0, i) + s.slice(i + 1);
    case 1:
      return s.slice(0, i) + c + s.slice(i);
    case 2:
      return s.slice(0, i) + c + s.slice(i + 1);
    default:
      return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s;
  }
}

describe('name index', () => {
  const next = mulberry32(7);
  const keys = [...new Set(Array.from({ length: 3000 }, () => word(next, 4, 14)))];
  const index = createNameIndex(keys);

  it('finds every key as itself', () => {
    keys.forEach((k, id) => expect(index.exact(k)).toBe(id));
    expect(index.exact('нет такого ключа')).toBeUndefined();
  });

  // The resolver's budget by length (city-resolver.ts): one edit from four letters, two from six, three from eleven.
  const budgetOf = (length: number): number => (length <= 5 ? 1 : length <= 10 ? 2 : 3);

  // The pruning by shared bigrams trades a few far keys for speed (short keys, repeated bigrams): every key it
  // returns is within the budget at the distance it says, and it returns nearly all of those a scan finds.
  it('returns keys within the edit budget (swapped neighbours one slip) at their distance, nearly all a scan of every key finds', () => {
    let found = 0;
    let within = 0;
    for (let q = 0; q < 400; q++) {
      const base = keys[Math.floor(next() * keys.length)];
      const query = q % 5 === 0 ? word(next, 4, 14) : q % 2 ? slip(next, base) : slip(next, slip(next, base));
      if (query.length < 4) continue;
      for (const budget of new Set([1, budgetOf(query.length)])) {
        const scan = new Map(keys.map((k, id) => [id, transpositionDistance(query, k)] as const).filter(([, d]) => d <= budget));
        const hits = index.near(query, budget);
        expect(new Set(hits.map((h) => h.keyId)).size, 'each key once').toBe(hits.length);
        for (const h of hits) expect(h.distance, `${JSON.stringify(query)} → ${JSON.stringify(keys[h.keyId])}`).toBe(scan.get(h.keyId));
        // Within one edit, nothing is missed (the deletion neighbourhoods and their bigram check are exact there).
        if (budget === 1) expect(hits.length, JSON.stringify(query)).toBe(scan.size);
        found += hits.length;
        within += scan.size;
      }
    }
    expect(within).toBeGreaterThan(400);
    expect(found / within).toBeGreaterThan(0.97);
  });
});
