/**
 * What the three browser engines (scan engine, crossfilter2, DuckDB) are compared on: the numbers the linked
 * views read for one filter state. Zero entries are dropped before comparing: a key absent from a SQL GROUP BY
 * and a key a scan reports as zero mean the same, and since every cube row counts at least one registration, a
 * group whose registered count is zero has zero in every stage.
 */
import { DISTANCE_CLASSES, STAGES, type Manifest } from '../../shared/cube/format.ts';
import type { FilterState, RegistrationsEngine, StageCounts } from '../../shared/scan/types.ts';

export interface Answer {
  totals: StageCounts;
  byRegion: Record<string, StageCounts>;
  bySource: Record<string, StageCounts>;
  byDistance: Record<string, StageCounts>;
  /** Hourly counts under every filter but the time range, by hour since the epoch; absent when not asked. */
  series?: Record<number, StageCounts>;
}

const isZero = (c: StageCounts): boolean => STAGES.every((s) => c[s] === 0);

/** Non-zero entries, in key order, so two answers compare with a deep equality. */
export function nonZero<K extends string | number>(entries: Iterable<[K, StageCounts]>): Record<K, StageCounts> {
  const kept = [...entries].filter(([, c]) => !isZero(c));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(kept) as Record<K, StageCounts>;
}

/** The scan engine's answer, read through the interface the dashboard's views use. */
export function scanAnswer(engine: RegistrationsEngine, withSeries: boolean): Answer {
  const answer: Answer = {
    totals: engine.totals(),
    byRegion: nonZero(engine.byRegion()),
    bySource: nonZero(engine.bySource()),
    byDistance: nonZero(engine.byDistance())
  };
  if (withSeries) answer.series = nonZero(engine.series(1).map((p): [number, StageCounts] => [p.hour, p.counts]));
  return answer;
}

/** xorshift32: the same sequence of filter states in Node and in the browser, from one seed. */
export function prng(seed: number): () => number {
  let s = seed || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function pick<T>(rnd: () => number, from: readonly T[], max: number): T[] {
  const n = Math.floor(rnd() * (max + 1));
  const out = new Set<T>();
  for (let i = 0; i < n; i++) out.add(from[Math.floor(rnd() * from.length)]);
  return [...out];
}

/**
 * A random filter state as a person leaves it: often no brush or no category, sometimes all of them at once, and
 * now and then a selection that matches nothing.
 */
export function randomFilters(rnd: () => number, manifest: Manifest): FilterState {
  const { first, last } = manifest.hours;
  let hours: [number, number] | null = null;
  if (rnd() < 0.8) {
    const from = first + Math.floor(rnd() * (last - first + 1));
    hours = [from, from + 1 + Math.floor(rnd() * 24 * 21)];
  }
  const d = manifest.dimensions;
  return {
    hours,
    regions: rnd() < 0.5 ? pick(rnd, d.region, 4) : [],
    sources: rnd() < 0.4 ? pick(rnd, d.source, 2) : [],
    distance: rnd() < 0.4 ? pick(rnd, DISTANCE_CLASSES, 2) : [],
    stage: STAGES[Math.floor(rnd() * STAGES.length)]
  };
}

/** A brush move: a random window of one to 28 days, no categorical filter (the drag the targets are about). */
export function randomBrush(rnd: () => number, manifest: Manifest): [number, number] {
  const { first, last } = manifest.hours;
  const width = 24 * (1 + Math.floor(rnd() * 28));
  const from = first + Math.floor(rnd() * Math.max(1, last - first - width));
  return [from, from + width];
}
