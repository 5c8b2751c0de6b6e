/**
 * Fast timestamp parsing for the hot path. `new Date(string)` costs about a microsecond per call and allocates;
 * these parsers read the fixed-format digits by hand and only consult the time zone database (Intl) once per
 * local hour, cached. All results are epoch milliseconds (UTC), NaN when the text is not a valid timestamp.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  if (d <= 28) return true;
  if (m === 2 && d === 29) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= DAYS_IN_MONTH[m - 1];
}

/** Reads `n` ASCII digits at `i`; -1 when any is not a digit. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Converts wall-clock time in one IANA zone to UTC, caching the zone offset per local hour. */
export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();

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

  /** Zone offset (ms, local − UTC) at an instant. */
  offsetAt(utcMs: number): number {
    const p: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const asUtc = daysFromCivil(p.year, p.month, p.day) * DAY_MS + p.hour * HOUR_MS + p.minute * 60_000 + p.second * 1000;
    return asUtc - Math.floor(utcMs / 1000) * 1000;
  }

  /** `localMs`: the wall-clock time written as if it were UTC. Returns the real UTC instant. */
  toUtc(localMs: number): number {
    const key = Math.floor(localMs / HOUR_MS);
    let offset = this.cache.get(key);
    if (offset === undefined) {
      // Two iterations settle the offset except inside a DST gap, where the later offset wins.
      const first = this.offsetAt(localMs);
      offset = this.offsetAt(localMs - first);
      if (this.cache.size > 200_000) this.cache.clear();
      this.cache.set(key, offset);
    }
    return localMs - offset;
  }
}

/**
 * ISO 8601: `YYYY-MM-DD`, `YYYY-MM-DDTHH:mm[:ss[.fff…]]` (T or space) followed by `Z`, `±HH:MM`, `±HHMM` or `±HH`.
 * Without an offset the time is read in `zone` (the campaign's time zone).
 */
export function parseIso(s: string, zone: ZoneClock): number {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || mo < 0 || d < 0 || !validDate(y, mo, d)) return NaN;
  const day = daysFromCivil(y, mo, d) * DAY_MS;
  if (n === 10) return zone.toUtc(day);
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || n < 16 || s.charCodeAt(13) !== 58) return NaN;
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  let i = 16;
  let ms = 0;
  if (i < n && s.charCodeAt(i) === 58) {
    const sec = digits(s, i + 1, 2);
    if (sec < 0 || sec > 59) return NaN;
    ms = sec * 1000;
    i += 3;
    if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
      i++;
      let scale = 100;
      const start = i;
      while (i < n) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
        i++;
      }
      if (i === start) return NaN;
      ms = Math.floor(ms);
    }
  }
  const local = day + h * HOUR_MS + mi * 60_000 + ms;
  if (i === n) return zone.toUtc(local);
  const c = s.charCodeAt(i);
  if (c === 90 || c === 122) return i + 1 === n ? local : NaN; // Z
  if (c !== 43 && c !== 45) return NaN;
  const sign = c === 43 ? 1 : -1;
  const oh = digits(s, i + 1, 2);
  if (oh < 0 || oh > 18) return NaN;
  let om = 0;
  const rest = n - (i + 3);
  if (rest === 3 && s.charCodeAt(i + 3) === 58) om = digits(s, i + 4, 2);
  else if (rest === 2) om = digits(s, i + 3, 2);
  else if (rest !== 0) return NaN;
  if (om < 0 || om > 59) return NaN;
  return local - sign * (oh * HOUR_MS + om * 60_000);
}

export type TimeParser = (s: string) => number;

/**
 * A parser for a profile's `timeFormat` (tokens YYYY, MM, DD, HH, mm, ss; anything else must match literally),
 * read in the campaign time zone. E.g. "DD.MM.YYYY HH:mm" reads "05.03.2024 14:07". Seconds are optional at the end.
 */
export function compileTimeFormat(format: string, zone: ZoneClock): TimeParser {
  const tokens: Array<{ kind: 'Y' | 'M' | 'D' | 'h' | 'm' | 's'; at: number; len: number } | { kind: 'lit'; at: number; code: number }> = [];
  const names: Record<string, 'Y' | 'M' | 'D' | 'h' | 'm' | 's'> = { YYYY: 'Y', MM: 'M', DD: 'D', HH: 'h', mm: 'm', ss: 's' };
  let i = 0;
  while (i < format.length) {
    const four = format.slice(i, i + 4);
    const two = format.slice(i, i + 2);
    if (four === 'YYYY') {
      tokens.push({ kind: 'Y', at: i, len: 4 });
      i += 4;
    } else if (names[two]) {
      tokens.push({ kind: names[two], at: i, len: 2 });
      i += 2;
    } else {
      tokens.push({ kind: 'lit', at: i, code: format.charCodeAt(i) });
      i++;
    }
  }
  const length = format.length;
  const hasSeconds = tokens.some((t) => t.kind === 's');
  const withoutSeconds = hasSeconds ? format.replace(/[^A-Za-z]?ss$/, '').length : length;
  return (s: string): number => {
    if (s.length !== length && s.length !== withoutSeconds) return NaN;
    let y = 1970, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
    for (const t of tokens) {
      if (t.at >= s.length) break;
      if (t.kind === 'lit') {
        if (s.charCodeAt(t.at) !== t.code) return NaN;
        continue;
      }
      const v = digits(s, t.at, t.len);
      if (v < 0) return NaN;
      if (t.kind === 'Y') y = v;
      else if (t.kind === 'M') mo = v;
      else if (t.kind === 'D') d = v;
      else if (t.kind === 'h') h = v;
      else if (t.kind === 'm') mi = v;
      else sec = v;
    }
    if (!validDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return NaN;
    return zone.toUtc(daysFromCivil(y, mo, d) * DAY_MS + h * HOUR_MS + mi * 60_000 + sec * 1000);
  };
}

/** Whole hours since the epoch (UTC), the cube's time axis. */
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS);
