/**
 * The sane range of a campaign's timestamps. One accepted `9999-12-31T23:00:00Z` row made the dashboard allocate
 * an hourly array to the year 9999 ("Array buffer allocation failed") and the report run out of heap; a `2099` row
 * doubled load time. Anything outside [from, to) is a data error, rejected with a reason like any other.
 * Default: from two years before the collection window opens to a day after the build (clocks drift, and a form
 * may stamp in another zone); the config's `validTimes` overrides either end.
 */
import { DAY_MS } from '../../shared/time/units.ts';

export interface TimeRange {
  from: number;
  to: number;
  /** "2022-06-01 … 2026-12-01", for rejection reasons. */
  label: string;
}

const YEAR_2000 = Date.UTC(2000, 0, 1);

export function campaignTimeRange(window: { start: string }, validTimes: { from?: string; to?: string } | undefined, nowMs: number): TimeRange {
  const start = Date.parse(`${window.start}T00:00:00Z`);
  const defaultFrom = Date.UTC(new Date(start).getUTCFullYear() - 2, new Date(start).getUTCMonth(), new Date(start).getUTCDate());
  // Never before 2000, whatever the config says: hour indexes stay positive and small.
  const from = Math.max(YEAR_2000, validTimes?.from ? Date.parse(validTimes.from) : defaultFrom);
  const to = validTimes?.to ? Date.parse(validTimes.to) : nowMs + DAY_MS;
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return { from, to, label: `${day(from)} … ${day(to)}` };
}

/** The rejection reason for `ms`, or null when it lies in the range. */
export function outOfRange(range: TimeRange, ms: number, text: string): string | null {
  return ms >= range.from && ms < range.to ? null : `outside the campaign's time range (${range.label}): "${text}"`;
}
