/**
 * Adaptive time bins for the hourly series: the chart shows hours when zoomed in and days or weeks over the
 * whole campaign, so a bar never gets thinner than a few pixels and the shape stays readable.
 * Bins are the campaign's local days and Monday-to-Sunday weeks, not UTC ones, because "yesterday" and
 * "this week" mean the campaign's calendar; across a DST change a day bin is 23 or 25 hours long.
 */
import { weekdayOfDay } from './civil-date';
import type { LocalDays } from './local-days';
import { HOURS_PER_DAY, HOURS_PER_WEEK } from './units';

export const BIN_HOURS = [1, HOURS_PER_DAY, HOURS_PER_WEEK] as const;
export type BinHours = (typeof BIN_HOURS)[number];

/** The finest bin that keeps at least `minPxPerBin` pixels per bin for `spanHours` drawn over `widthPx`. */
export function chooseBin(spanHours: number, widthPx: number, minPxPerBin = 3): BinHours {
  const maxBins = Math.max(1, widthPx / minPxPerBin);
  for (const bin of BIN_HOURS) if (spanHours / bin <= maxBins) return bin;
  return HOURS_PER_WEEK;
}

/** First local day of the bin holding `hour`: its day, or the Monday of its week. */
function firstDayOfBin(hour: number, bin: number, days: LocalDays): number {
  const day = days.dayOfHour(hour);
  return bin < HOURS_PER_WEEK ? day : day - weekdayOfDay(day);
}

/** First hour of the bin holding `hour`: the hour itself, its local day or its local week (`bin` 1, 24, 168). */
export function binStart(hour: number, bin: number, days: LocalDays): number {
  return bin <= 1 ? hour : days.startHour(firstDayOfBin(hour, bin, days));
}

/**
 * `binStart` of every hour of [first, first + count), as a table: the series loop reads one entry per hour
 * instead of asking the calendar, and the table is filled a whole bin at a time.
 */
export function binStarts(first: number, count: number, bin: number, days: LocalDays): Int32Array {
  const starts = new Int32Array(count);
  if (bin <= 1) return starts.map((_, k) => first + k);
  for (let k = 0; k < count; ) {
    const day = firstDayOfBin(first + k, bin, days);
    const end = Math.min(count, days.startHour(day + bin / HOURS_PER_DAY) - first);
    starts.fill(days.startHour(day), k, end);
    k = end;
  }
  return starts;
}
