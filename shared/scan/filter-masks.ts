/**
 * Filters as the row loops read them: a 1/0 lookup per dimension by dictionary index, so a filter costs one
 * array read per row whatever the number of selected values.
 */
import { classNow, classThen } from '../cube/distance-codes';
import type { Manifest } from '../cube/format';
import type { FilterState } from './types';

/** Distance classes whose supporters are within reach of a headquarters ("available" when they are future signatures). */
export const REACHABLE_DISTANCES: readonly string[] = ['city', 'near'];

export interface Masks {
  region: Uint8Array;
  source: Uint8Array;
  distance: Uint8Array;
  /** No categorical filter: every mask is all ones. */
  none: boolean;
}

/** A 1/0 lookup by dictionary index (all 1 when nothing is selected). */
export function allowed(dictionary: string[], selected: readonly string[]): Uint8Array {
  const m = new Uint8Array(dictionary.length).fill(selected.length === 0 ? 1 : 0);
  for (const code of selected) {
    const i = dictionary.indexOf(code);
    if (i >= 0) m[i] = 1;
  }
  return m;
}

export function masksFor(dims: Manifest['dimensions'], f: FilterState): Masks {
  return {
    region: allowed(dims.region, f.regions),
    source: allowed(dims.source, f.sources),
    distance: Uint8Array.from(dims.distance, (d) => (f.distance.length === 0 || f.distance.includes(classThen(d)) ? 1 : 0)),
    none: f.regions.length + f.sources.length + f.distance.length === 0
  };
}

/**
 * 1 for the distance codes within reach of a headquarters under the data set's network (as of today), whatever
 * the class at registration: "available" counts who can come and sign now. The distance filter reads the class
 * at registration (masksFor), what the distance chart and the series show.
 */
export function reachMask(distances: string[]): Uint8Array {
  return Uint8Array.from(distances, (d) => (REACHABLE_DISTANCES.includes(classNow(d)) ? 1 : 0));
}
