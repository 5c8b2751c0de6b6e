/**
 * Names of big foreign cities, so that "Киев" in a Russian form or "Toronto" in a US form is
 * reported as unresolved instead of being bent into the nearest domestic spelling.
 */
import type { GeoNamesRow } from './geonames.ts';

const SCRIPTS = { latin: /^[a-z' .-]+$/i, cyrillic: /^[а-яё' .-]+$/i };

export interface ForeignPolicy {
  /** Foreign cities at least this big anywhere in the world. */
  worldMin: number;
  /** Neighbours whose smaller towns still show up in this country's forms. */
  neighbours: string[];
  neighbourMin: number;
  scripts: Array<keyof typeof SCRIPTS>;
}

/**
 * Lower-cased foreign names → population of the biggest city so named. Domestic namesakes are
 * kept on purpose: the resolver weighs "London" (8.9 M) against London, Ohio itself.
 */
export function foreignNames(rows: GeoNamesRow[], country: string, policy: ForeignPolicy): Record<string, number> {
  const names = new Map<string, number>();
  const scripts = policy.scripts.map((s) => SCRIPTS[s]);
  for (const r of rows) {
    if (r.country === country) continue;
    const near = policy.neighbours.includes(r.country);
    if (r.population < (near ? policy.neighbourMin : policy.worldMin)) continue;
    for (const n of [r.name, r.asciiName, ...r.alternates]) {
      if (n.length < 3 || n.length > 30 || !scripts.some((re) => re.test(n))) continue;
      const key = n.toLowerCase();
      names.set(key, Math.max(names.get(key) ?? 0, r.population));
    }
  }
  return Object.fromEntries([...names].sort((a, b) => a[0].localeCompare(b[0])));
}
