/**
 * The registrations cube as the kernel's queries read it: a time range becomes a few runs of rows (see
 * day-index.ts), and no range is the whole cube as one run, in whatever order it is stored. The day index
 * serves time-filtered queries only (some 65 ms at the demo's 677k rows), so it is built when the first one
 * comes, or ahead of it by `prepare`; so are its daily running totals (day-marginals.ts).
 */
import type { CoreData } from '../cube/dataset';
import { dayMarginals, type DayMarginals } from './day-marginals';
import { dayIndex, segments, spans, type DayIndex, type Segment } from './day-index';
import { reachMask } from './filter-masks';

export interface CubeRows {
  /** Dictionary sizes, for tallies indexed by dimension value. */
  sizes: { region: number; source: number; distance: number };
  /** The cube's hour column, in stored order (the order of `whole`). */
  hours: Int32Array;
  whole: Segment;
  /** The first hour and the number of hours the cube spans. */
  first: number;
  nHours: number;
  /** The rows of the half-open hour range, or of the whole cube for null. */
  rows(range: [number, number] | null): Segment[];
  /**
   * The half-open hour range as the hourly rows at its ragged ends and the whole days inside it, with the daily
   * running totals those days are read from when no categorical filter applies (see day-marginals.ts).
   */
  split(range: [number, number]): { hours: Segment[]; days: [number, number]; marginals: DayMarginals };
  /** Builds the day index and its running totals now rather than on the first time-filtered query. */
  prepare(): void;
}

function hourRange(hours: Int32Array): { first: number; nHours: number } {
  if (hours.length === 0) return { first: 0, nHours: 0 };
  let min = hours[0];
  let max = hours[0];
  for (let i = 1; i < hours.length; i++) {
    const h = hours[i];
    if (h < min) min = h;
    else if (h > max) max = h;
  }
  return { first: min, nHours: max - min + 1 };
}

export function cubeRows(dataset: CoreData): CubeRows {
  const { registrations: table, manifest } = dataset;
  const dims = manifest.dimensions;
  const sizes = { region: dims.region.length, source: dims.source.length, distance: dims.distance.length };
  const { hour, region, source, distance, registered, phone, email, questionnaire, future } = table.columns;
  const whole: Segment = { cols: { region, source, distance, registered, phone, email, questionnaire, future }, start: 0, end: table.rows };
  const { first, nHours } = hourRange(hour);
  let index: DayIndex | null = null;
  const indexed = (): DayIndex => (index ??= dayIndex(table, manifest.campaign.timeZone, sizes));
  let marginals: DayMarginals | null = null;
  const summed = (): DayMarginals => (marginals ??= dayMarginals(indexed(), sizes, reachMask(dims.distance)));
  return {
    sizes,
    hours: hour,
    whole,
    first,
    nHours,
    rows(range) {
      if (range) return segments(indexed(), range[0], range[1]);
      // Once the index exists, its daily roll-up reads far fewer rows than the hourly cube.
      return index ? segments(index, first, first + nHours) : [whole];
    },
    split(range) {
      return { ...spans(indexed(), range[0], range[1]), marginals: summed() };
    },
    prepare() {
      summed();
    }
  };
}
