/**
 * Calendar days in a campaign's time zone on the cube's hour axis. A local day runs from local midnight to the
 * next, so it is 23 or 25 hours long on a DST change; its boundaries come from the zone clock, never from
 * "offset + 24 × n". An hour belongs to the day its start falls in, which for a zone with a half-hour offset
 * rounds a boundary up to the next whole UTC hour. The dashboard's bins and the report's days both read these,
 * so they always agree.
 */
import { HOURS_PER_DAY, DAY_MS, HOUR_MS } from './units';
import { zoneClockOf, type ZoneClock } from './zone-clock';

export class LocalDays {
  // Each day's first hour, remembered: a chart asks for the same few hundred days on every redraw.
  private readonly starts = new Map<number, number>();

  constructor(readonly clock: ZoneClock) {}

  /** First cube hour (hours since the epoch, UTC) of local day `day` (days since 1970-01-01). */
  startHour(day: number): number {
    let start = this.starts.get(day);
    if (start === undefined) {
      // Each Intl lookup costs microseconds and a campaign spans hundreds of days, so the zone is asked only at
      // the ends of each 7-day block: where the offset is the same at both (no zone changes its offset and back
      // within a week), it holds for every midnight between.
      const block = Math.floor(day / 7) * 7;
      const offset = this.midnightOffset(block);
      const local = day * DAY_MS;
      start = Math.ceil((offset === this.midnightOffset(block + 7) ? local - offset : this.clock.toUtc(local)) / HOUR_MS);
      this.starts.set(day, start);
    }
    return start;
  }

  /** Offset (ms, local − UTC) at local midnight of `day`. */
  private midnightOffset(day: number): number {
    return day * DAY_MS - this.clock.toUtc(day * DAY_MS);
  }

  /** The local day (days since 1970-01-01) that cube hour `hour` belongs to. */
  dayOfHour(hour: number): number {
    // Offsets stay within ±14 hours, so the UTC day is at most one off the local one.
    let day = Math.floor(hour / HOURS_PER_DAY);
    while (hour < this.startHour(day)) day--;
    while (hour >= this.startHour(day + 1)) day++;
    return day;
  }

  /** First hour of the local day holding `hour`. */
  dayStartOfHour(hour: number): number {
    return this.startHour(this.dayOfHour(hour));
  }
}

const byZone = new Map<string, LocalDays>();

/**
 * The shared calendar of a zone. An unknown zone name (a manifest written by a newer pipeline, say) counts as
 * UTC: the dashboard shows the data on a shifted calendar rather than failing the page.
 */
export function localDaysOf(timeZone: string): LocalDays {
  let days = byZone.get(timeZone);
  if (!days) {
    let clock: ZoneClock;
    try {
      clock = zoneClockOf(timeZone);
    } catch {
      clock = zoneClockOf('UTC');
    }
    days = new LocalDays(clock);
    byZone.set(timeZone, days);
  }
  return days;
}
