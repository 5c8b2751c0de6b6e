/**
 * Time-zone arithmetic for the generator: UTC offsets from Intl (no tz library), looked up per hour,
 * and fast ISO 8601 formatting with an explicit offset ("2017-12-05T14:03:22+03:00").
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit'
    });
    formatters.set(tz, f);
  }
  return f;
}

/** UTC offset of `tz` at instant `ms`, in minutes (east positive). */
export function offsetMinutes(tz: string, ms: number): number {
  const parts = formatter(tz).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The instant of a local wall-clock time "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm" in `tz`. */
export function zonedToEpoch(local: string, tz: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(local);
  if (!m) throw new Error(`bad local time "${local}"`);
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0);
  let t = wall - offsetMinutes(tz, wall) * 60_000;
  t = wall - offsetMinutes(tz, t) * 60_000;
  return t;
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

/** "YYYY-MM-DD" of a day number since the epoch (civil-from-days, proleptic Gregorian). */
function dateOfDay(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${TWO[m]}-${TWO[d]}`;
}

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
    cachedDate = dateOfDay(day);
  }
  let sec = local - day * 86400;
  const hh = Math.floor(sec / 3600);
  sec -= hh * 3600;
  const mm = Math.floor(sec / 60);
  return `${cachedDate}T${TWO[hh]}:${TWO[mm]}:${TWO[sec - mm * 60]}${suffix}`;
}

/** "DD.MM.YYYY HH:mm" local time (the partner export's format). */
export function formatDmyHm(ms: number, offsetMin: number): string {
  const iso = new Date(ms + offsetMin * 60_000).toISOString();
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

/** Local hour of day (0–23) and day of week (0 = Sunday) for an instant and offset. */
export function localHour(ms: number, offsetMin: number): number {
  const m = Math.floor((ms + offsetMin * 60_000) / HOUR_MS) % 24;
  return m < 0 ? m + 24 : m;
}

export function localDow(ms: number, offsetMin: number): number {
  // 1970-01-01 was a Thursday.
  const d = Math.floor((ms + offsetMin * 60_000) / DAY_MS);
  return (((d + 4) % 7) + 7) % 7;
}
