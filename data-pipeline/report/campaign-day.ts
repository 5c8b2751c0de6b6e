/**
 * Calendar days of the report, named by their date in the campaign's time zone. "The day" of a report is
 * 00:00–24:00 local time, 23 or 25 hours long on DST changes; its hours come from the shared LocalDays, the
 * same calendar the dashboard bins by, so the report's day and the dashboard's day bar are the same hours.
 */
import { dayOfIsoDate, isoDateOfDay } from '../../shared/time/civil-date.ts';
import { LocalDays } from '../../shared/time/local-days.ts';
import { ZoneClock } from '../../shared/time/zone-clock.ts';

export interface CampaignDay {
  /** YYYY-MM-DD in the campaign time zone. */
  date: string;
  /** First cube hour of the day (hours since epoch, UTC). */
  startHour: number;
  /** First cube hour after the day (exclusive). */
  endHour: number;
}

/** Day number of a date; throws on anything that is not a real calendar date. */
function dayNumber(date: string): number {
  const day = dayOfIsoDate(date);
  if (Number.isNaN(day)) throw new RangeError(`not a calendar date (YYYY-MM-DD): "${date}"`);
  return day;
}

export function isDate(text: string): boolean {
  return !Number.isNaN(dayOfIsoDate(text));
}

export function addDays(date: string, days: number): string {
  return isoDateOfDay(dayNumber(date) + days);
}

/** Whole calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

export class CampaignCalendar {
  private readonly days: LocalDays;

  /** Throws a RangeError for an unknown zone: a report on a guessed calendar would be silently wrong. */
  constructor(readonly timeZone: string) {
    this.days = new LocalDays(new ZoneClock(timeZone));
  }

  day(date: string): CampaignDay {
    const day = dayNumber(date);
    return { date, startHour: this.days.startHour(day), endHour: this.days.startHour(day + 1) };
  }

  /** `count` consecutive days ending with `lastDate`, oldest first. */
  daysEnding(lastDate: string, count: number): CampaignDay[] {
    return Array.from({ length: count }, (_, i) => this.day(addDays(lastDate, i - count + 1)));
  }
}
