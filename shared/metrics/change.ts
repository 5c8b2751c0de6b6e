/**
 * Change versus the previous day and week, as the KPI header shows it: the last complete local day of the
 * data against the day before, and the last 7 days against the 7 before. "Last" is the data's last hour, not
 * the clock, so a static snapshot reads the same tomorrow as today.
 */
import { STAGES } from '../cube/format';
import type { SeriesPoint, StageCounts } from '../scan/types';
import type { LocalDays } from '../time/local-days';

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
 * `daily`: the series binned by local day. `lastDay`: the last complete local day (days since 1970-01-01).
 * Returns the day-over-day and week-over-week change per stage. Periods are bounded by local midnights, so a
 * 23- or 25-hour day around a DST change still counts as one day.
 */
export function changes(daily: SeriesPoint[], lastDay: number, days: LocalDays): { day: StageChange; week: StageChange } {
  const sumDays = (from: number, to: number) => sumRange(daily, days.startHour(from), days.startHour(to));
  return {
    day: compare(sumDays(lastDay, lastDay + 1), sumDays(lastDay - 1, lastDay)),
    week: compare(sumDays(lastDay - 6, lastDay + 1), sumDays(lastDay - 13, lastDay - 6))
  };
}

/** The last local day that is complete in the data: the day holding `lastHour` if it is its final hour, else the one before. */
export function lastCompleteDay(lastHour: number, days: LocalDays): number {
  const day = days.dayOfHour(lastHour);
  return days.dayOfHour(lastHour + 1) === day ? day - 1 : day;
}
