/**
 * Time for the generator: per-hour tables of UTC offsets (from the shared zone clock) and fast ISO 8601
 * formatting with an explicit offset ("2017-12-05T14:03:22+03:00").
 */
import { isoDateOfDay, daysFromCivil, weekdayOfDay } from '../../shared/time/civil-date.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../shared/time/units.ts';
import { zoneClockOf } from '../../shared/time/zone-clock.ts';

/** UTC offset of `tz` at instant `ms`, in minutes (east positive). */
function offsetMinutes(tz: string, ms: number): number {
  return Math.round(zoneClockOf(tz).offsetAt(ms) / MINUTE_MS);
}

/** The instant of a local wall-clock time "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm" in `tz`. */
export function zonedToEpoch(local: string, tz: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(local);
  if (!m) throw new Error(`bad local time "${local}"`);
  const wall = daysFromCivil(+m[1], +m[2], +m[3]) * DAY_MS + (m[4] ? +m[4] : 0) * HOUR_MS + (m[5] ? +m[5] : 0) * MINUTE_MS;
  return zoneClockOf(tz).toUtc(wall);
}

/**
 * Offsets of one zone for every hour of [startMs, startMs + hours·1h), sampled per day and refined
 * hour by hour only on days where the offset changes (DST, or a Russian zone moving in 2016).
 */
export class OffsetTable {
  readonly offsets: Int16Array;

  constructor(
    readonly tz: string,
    readonly startMs: number,
    readonly hours: number
  ) {
    this.offsets = new Int16Array(hours);
    let prev = offsetMinutes(tz, startMs);
    for (let h = 0; h < hours; h += 24) {
      const end = Math.min(hours, h + 24);
      const next = offsetMinutes(tz, startMs + end * HOUR_MS);
      if (next === prev) {
        this.offsets.fill(prev, h, end);
      } else {
        for (let k = h; k < end; k++) this.offsets[k] = offsetMinutes(tz, startMs + k * HOUR_MS);
      }
      prev = next;
    }
  }

  /** Offset in minutes at instant ms (clamped to the table's range). */
  at(ms: number): number {
    let h = Math.floor((ms - this.startMs) / HOUR_MS);
    if (h < 0) h = 0;
    else if (h >= this.hours) h = this.hours - 1;
    return this.offsets[h];
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

export function offsetSuffix(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

const suffixCache = new Map<number, string>();
const TWO = Array.from({ length: 60 }, (_, i) => pad2(i));
let cachedDay = Number.NaN;
let cachedDate = '';

/** ISO 8601 local time with offset, whole seconds. */
export function formatIso(ms: number, offsetMin: number): string {
  let suffix = suffixCache.get(offsetMin);
  if (suffix === undefined) {
    suffix = offsetSuffix(offsetMin);
    suffixCache.set(offsetMin, suffix);
  }
  const local = Math.floor(ms / 1000) + offsetMin * 60;
  const day = Math.floor(local / 86400);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = isoDateOfDay(day);
  }
  let sec = local - day * 86400;
  const hh = Math.floor(sec / 3600);
  sec -= hh * 3600;
  const mm = Math.floor(sec / 60);
  return `${cachedDate}T${TWO[hh]}:${TWO[mm]}:${TWO[sec - mm * 60]}${suffix}`;
}

/** "DD.MM.YYYY HH:mm" local time (the partner export's format). */
export function formatDmyHm(ms: number, offsetMin: number): string {
  const iso = new Date(ms + offsetMin * MINUTE_MS).toISOString();
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

/** Local hour of day (0–23) and day of week (0 = Sunday) for an instant and offset. */
export function localHour(ms: number, offsetMin: number): number {
  const m = Math.floor((ms + offsetMin * MINUTE_MS) / HOUR_MS) % 24;
  return m < 0 ? m + 24 : m;
}

export function localDow(ms: number, offsetMin: number): number {
  return (weekdayOfDay(Math.floor((ms + offsetMin * MINUTE_MS) / DAY_MS)) + 1) % 7;
}
