/**
 * The one place that asks the time zone database (Intl) for UTC offsets. Building an Intl.DateTimeFormat costs
 * about a millisecond and formatToParts a few microseconds, so one clock per zone is kept and its answers are
 * remembered per hour; every conversion between local wall-clock time and UTC goes through here.
 */
import { daysFromCivil } from './civil-date';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './units';

// A long session or a pipeline run can ask about any hour: forget everything rather than grow without bound.
const MAX_REMEMBERED = 200_000;

/** Converts wall-clock time in one IANA zone to UTC and back. Throws a RangeError for an unknown zone name. */
export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly toUtcCache = new Map<number, number>();

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
    const key = Math.floor(localMs / HOUR_MS);
    let offset = this.toUtcCache.get(key);
    if (offset === undefined) {
      // Two iterations settle the offset except inside a DST gap, where the later offset wins.
      const first = this.offsetAt(localMs);
      offset = this.offsetAt(localMs - first);
      if (this.toUtcCache.size >= MAX_REMEMBERED) this.toUtcCache.clear();
      this.toUtcCache.set(key, offset);
    }
    return localMs - offset;
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
