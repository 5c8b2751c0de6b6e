/**
 * The registration's `region` column, for rows whose city is not resolved: a region the pack knows (ISO code,
 * "IL", "Illinois", "Волгоградская обл.") still counts the row in that region instead of UNKNOWN.
 */
import type { Region } from '../../geo/pack.ts';
import { createRegionParser } from './normalize.ts';

export interface RegionColumn {
  /** Index of the region in `codes`, or `unknown` when the text names no region of the pack. */
  lookup(text: string): number;
}

export function createRegionColumn(regions: Region[], codes: readonly string[], unknown: number): RegionColumn {
  const parser = createRegionParser(regions);
  const index = new Map(codes.map((c, i) => [c, i]));
  const byCode = new Map(regions.map((r) => [r.code.toLowerCase(), r.code]));
  // A column holds few distinct values: each is parsed once.
  const memo = new Map<string, number>();
  return {
    lookup(text: string): number {
      const known = memo.get(text);
      if (known !== undefined) return known;
      const trimmed = text.trim();
      // Strict: a column value is not a near miss to guess from.
      const code = trimmed === '' ? null : (byCode.get(trimmed.toLowerCase()) ?? parser.parse(trimmed, false));
      const i = code === null ? unknown : (index.get(code) ?? unknown);
      if (memo.size < 10_000) memo.set(text, i);
      return i;
    }
  };
}
