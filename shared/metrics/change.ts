/**
 * Change versus the previous day and week, as the KPI header shows it: the last complete local day of the
 * data against the day before, and the last 7 days against the 7 before. "Last" is the data's last hour, not
 * the clock, so a static snapshot reads the same tomorrow as today.
 */
import { STAGES } from '../cube/format';
import type { SeriesPoint, StageCounts } from '../scan/types';

export interface PeriodChange {
  current: number;
  previous: number;
  /** (current − previous) / previous, or null when there is nothing to compare with. */
  ratio: number | null;
}

export type StageChange = Record<(typeof STAGES)[number], PeriodChange>;

function sumRange(daily: SeriesPoint[], from: number, to: number): StageCounts {
  const out: StageCounts = { registered: 0, phone: 0, email: 0, questionnaire: 0, future: 0 };
  for (const p of daily) if (p.hour >= from && p.hour < to) for (const s of STAGES) out[s] += p.counts[s];
  return out;
}

function compare(current: StageCounts, previous: StageCounts): StageChange {
  const entries = STAGES.map((s) => {
    const c = current[s];
    const p = previous[s];
    return [s, { current: c, previous: p, ratio: p > 0 ? (c - p) / p : null }];
  });
  return Object.fromEntries(entries) as StageChange;
}

/**
 * `daily`: the series binned by day (bins start at local midnight). `lastDayStart`: start hour of the last
 * complete day. Returns the day-over-day and week-over-week change per stage.
 */
export function changes(daily: SeriesPoint[], lastDayStart: number): { day: StageChange; week: StageChange } {
  const dayEnd = lastDayStart + 24;
  return {
    day: compare(sumRange(daily, lastDayStart, dayEnd), sumRange(daily, lastDayStart - 24, lastDayStart)),
    week: compare(sumRange(daily, dayEnd - 168, dayEnd), sumRange(daily, dayEnd - 336, dayEnd - 168))
  };
}

/** Start of the last day that is complete in the data: the day holding `lastHour` if it is its final hour, else the one before. */
export function lastCompleteDay(lastHour: number, dayStartOf: (hour: number) => number): number {
  const start = dayStartOf(lastHour);
  return lastHour === start + 23 ? start : start - 24;
}
