/**
 * Calendar days in the campaign's time zone. "The day" of a report is 00:00–24:00 local time, which is 23 or
 * 25 hours long on DST changes, so boundaries come from the zone database (Intl via ZoneClock), never from
 * "date × 24 hours". The cube is hourly: an hour belongs to the day its start falls in, which for zones with
 * a half-hour offset rounds the boundary up to the next whole UTC hour.
 */
import { ZoneClock } from '../validate/time.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CampaignDay {
  /** YYYY-MM-DD in the campaign time zone. */
  date: string;
  /** First cube hour of the day (hours since epoch, UTC). */
  startHour: number;
  /** First cube hour after the day (exclusive). */
  endHour: number;
}

/** Milliseconds of local midnight written as if UTC; throws on anything that is not a real calendar date. */
function civilMs(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): "${date}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`no such date: "${date}"`);
  return ms;
}

export function isDate(text: string): boolean {
  try {
    civilMs(text);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: string, days: number): string {
  return new Date(civilMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((civilMs(b) - civilMs(a)) / DAY_MS);
}

/** ISO weekday name, for headings ("Monday"). */
export function weekdayName(date: string): string {
  return new Date(civilMs(date)).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
}

export class CampaignCalendar {
  private readonly clock: ZoneClock;

  constructor(readonly timeZone: string) {
    this.clock = new ZoneClock(timeZone);
  }

  /** The cube hour at which local midnight starting `date` falls (rounded up to a whole UTC hour). */
  midnightHour(date: string): number {
    return Math.ceil(this.clock.toUtc(civilMs(date)) / HOUR_MS);
  }

  day(date: string): CampaignDay {
    return { date, startHour: this.midnightHour(date), endHour: this.midnightHour(addDays(date, 1)) };
  }

  /** `count` consecutive days ending with `lastDate`, oldest first. */
  daysEnding(lastDate: string, count: number): CampaignDay[] {
    return Array.from({ length: count }, (_, i) => this.day(addDays(lastDate, i - count + 1)));
  }
}
