/**
 * The registrations cube as the kernel's queries read it: a time range becomes a few runs of rows (see
 * day-index.ts), and no range is the whole cube as one run, in whatever order it is stored. The day index
 * serves time-filtered queries only (some 65 ms at the demo's 677k rows, 200 ms at the 10M demo's 2.8M), so it
 * is built ahead of the first brush by `prepare`, which the dashboard calls once it has painted. A range asked
 * before that (the header's lifetime figures on the first paint) is one run of hourly rows found by binary search
 * when the cube is in hour order, as the loader leaves it: reading the whole cube hour by hour once costs less
 * than building the index first.
 */
import type { CoreData } from '../cube/dataset';
import { dayIndex, lowerBound, segments, type DayIndex, type Segment } from './day-index';

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
  /** Builds the day index now rather than on the first time-filtered query. */
  prepare(): void;
}

function hourRange(hours: Int32Array): { first: number; nHours: number; ascending: boolean } {
  if (hours.length === 0) return { first: 0, nHours: 0, ascending: true };
  let min = hours[0];
  let max = hours[0];
  let ascending = true;
  for (let i = 1; i < hours.length; i++) {
    const h = hours[i];
    if (h < min) min = h;
    else if (h > max) max = h;
    if (h < hours[i - 1]) ascending = false;
  }
  return { first: min, nHours: max - min + 1, ascending };
}

export function cubeRows(dataset: CoreData): CubeRows {
  const { registrations: table, manifest } = dataset;
  const dims = manifest.dimensions;
  const sizes = { region: dims.region.length, source: dims.source.length, distance: dims.distance.length };
  const { hour, region, source, distance, registered, phone, email, questionnaire, future } = table.columns;
  const whole: Segment = { cols: { region, source, distance, registered, phone, email, questionnaire, future }, start: 0, end: table.rows };
  const { first, nHours, ascending } = hourRange(hour);
  let index: DayIndex | null = null;
  const indexed = (): DayIndex => (index ??= dayIndex(table, manifest.campaign.timeZone, sizes));
  return {
    sizes,
    hours: hour,
    whole,
    first,
    nHours,
    rows(range) {
      if (range && !index && ascending) return [{ ...whole, start: lowerBound(hour, range[0]), end: lowerBound(hour, range[1]) }];
      if (range) return segments(indexed(), range[0], range[1]);
      // Once the index exists, its daily roll-up reads far fewer rows than the hourly cube.
      return index ? segments(index, first, first + nHours) : [whole];
    },
    prepare() {
      indexed();
    }
  };
}
