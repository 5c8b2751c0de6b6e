/**
 * The country pack from the content when the admin did not name one: Cyrillic place names mean ru, a column of
 * US states (codes, abbreviations or names) means us. Then the pack's places: which share of a column the
 * pack resolves as cities or names as regions, and the time zone most of the sample's cities are in.
 */
import type { Pack, PackCode, Region } from '../../geo/pack.ts';
import type { CityResolver } from '../resolve/city-resolver.ts';
import { createRegionParser, type RegionParser } from '../resolve/normalize.ts';
import type { ColumnStats } from './column-stats.ts';
import type { Places } from './roles.ts';

export interface PackGuess {
  pack: PackCode;
  why: string;
}

const pct = (x: number): string => `${Math.round(100 * x)}%`;
/** Resolving is the slow part of init: enough distinct spellings to measure a share, no more. */
const MAX_SPELLINGS = 300;

const regionShareWith =
  (parser: RegionParser) =>
  (c: ColumnStats): number =>
    c.values.length === 0 ? 0 : c.values.filter((v) => parser.parse(v, false) !== null).length / c.values.length;

/** Runs before personal columns are known (they need the pack's places): a Cyrillic name column says ru too, rightly. */
export function guessPack(columns: ColumnStats[], usRegions: Region[]): PackGuess | null {
  const open = columns.filter((c) => !c.time && c.share.number < 0.9);
  const cyrillic = open.filter((c) => c.share.cyrillic >= 0.5 && c.share.nameLike >= 0.5);
  if (cyrillic.length > 0) return { pack: 'ru', why: `Cyrillic names in ${cyrillic.map((c) => `"${c.name}"`).join(', ')}` };
  const usShare = regionShareWith(createRegionParser(usRegions));
  const states = open.find((c) => usShare(c) >= 0.8);
  if (states) return { pack: 'us', why: `${pct(usShare(states))} of "${states.name}" are US states` };
  return null;
}

export function placesOf(pack: Pack, resolver: CityResolver): Places & { timeZone(city: ColumnStats | undefined): string } {
  const parser = createRegionParser(pack.regions);
  const spellings = (c: ColumnStats): string[] => [...new Set(c.values)].slice(0, MAX_SPELLINGS);
  const zoneOf = new Map(pack.regions.map((r) => [r.code, r.timezone]));
  const byPopulation = [...pack.regions].sort((a, b) => b.population - a.population);
  return {
    regionShare: regionShareWith(parser),
    regionCode: (value) => parser.parse(value, false),
    cityShare(c) {
      const s = spellings(c);
      return s.length === 0 ? 0 : s.filter((v) => resolver.resolve(v).status === 'matched').length / s.length;
    },
    /** The zone of most of the sample's resolved cities; without a city column, the most populous region's. */
    timeZone(city) {
      const counts = new Map<string, number>();
      for (const v of city ? city.values.slice(0, 2000) : []) {
        const r = resolver.resolve(v);
        const zone = r.status === 'matched' && r.regionCode ? zoneOf.get(r.regionCode) : undefined;
        if (zone) counts.set(zone, (counts.get(zone) ?? 0) + 1);
      }
      let best = byPopulation[0].timezone;
      let n = 0;
      for (const [zone, c] of counts) if (c > n) [best, n] = [zone, c];
      return best;
    }
  };
}
