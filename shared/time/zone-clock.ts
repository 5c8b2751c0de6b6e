/**
 * The one place that asks the time zone database (Intl) for UTC offsets. Building an Intl.DateTimeFormat costs
 * about a millisecond and formatToParts a few microseconds, so one clock per zone is kept and its answers are
 * remembered per local day (per minute on a day the offset changes); every conversion between local wall-clock time and UTC goes through here.
 */
import { daysFromCivil } from './civil-date';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './units';

// A long session or a pipeline run can ask about any hour: forget everything rather than grow without bound.
const MAX_REMEMBERED = 200_000;

/** Converts wall-clock time in one IANA zone to UTC and back. Throws a RangeError for an unknown zone name. */
export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  /** Per local day, its offset, or NaN when the offset changes within it (then `minuteOffset`). */
  private readonly dayOffset = new Map<number, number>();
  private readonly minuteOffset = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    });
  }

  /** Zone offset (ms, local − UTC) at an instant; not cached, see `toUtc` for the hot path. */
  offsetAt(utcMs: number): number {
    const p: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const asUtc = daysFromCivil(p.year, p.month, p.day) * DAY_MS + p.hour * HOUR_MS + p.minute * MINUTE_MS + p.second * SECOND_MS;
    return asUtc - Math.floor(utcMs / SECOND_MS) * SECOND_MS;
  }

  /** `localMs`: the wall-clock time written as if it were UTC. Returns the real UTC instant. */
  toUtc(localMs: number): number {
    // A local day whose first and last moments share an offset has it throughout (zones change offset months
    // apart), so one day's answer serves its 24 hours: 4 formatToParts calls a day instead of 48, which was
    // 0.25 s of a 1M build's partner export (a year of hours read in its own time format).
    const day = Math.floor(localMs / DAY_MS);
    let offset = this.dayOffset.get(day);
    if (offset === undefined) {
      const first = this.settledOffset(day * DAY_MS);
      offset = first === this.settledOffset((day + 1) * DAY_MS - SECOND_MS) ? first : NaN;
      this.remember(this.dayOffset, day, offset);
    }
    if (!Number.isNaN(offset)) return localMs - offset;
    // The day the offset changes: per minute (zones change at whole minutes, some at half past the hour).
    const minute = Math.floor(localMs / MINUTE_MS);
    offset = this.minuteOffset.get(minute);
    if (offset === undefined) {
      offset = this.settledOffset(minute * MINUTE_MS);
      this.remember(this.minuteOffset, minute, offset);
    }
    return localMs - offset;
  }

  /** The offset that turns `localMs` into UTC: two iterations settle it, except inside a DST gap, where the later offset wins. */
  private settledOffset(localMs: number): number {
    return this.offsetAt(localMs - this.offsetAt(localMs));
  }

  private remember(cache: Map<number, number>, key: number, offset: number): void {
    if (cache.size >= MAX_REMEMBERED) cache.clear();
    cache.set(key, offset);
  }
}

const clocks = new Map<string, ZoneClock>();

/** The shared clock of a zone, so its remembered offsets serve every caller. Throws for an unknown zone name. */
export function zoneClockOf(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new ZoneClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}
