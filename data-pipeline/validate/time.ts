/**
 * Fast timestamp parsing for the hot path. `new Date(string)` costs about a microsecond per call and allocates;
 * these parsers read the fixed-format digits by hand and leave local time to the campaign's ZoneClock
 * (shared/time), which consults the time zone database once per local hour. All results are epoch
 * milliseconds (UTC), NaN when the text is not a valid timestamp.
 */
import { daysFromCivil, isValidDate } from '../../shared/time/civil-date.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../../shared/time/units.ts';
import type { ZoneClock } from '../../shared/time/zone-clock.ts';

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
  if (y < 0 || mo < 0 || d < 0 || !isValidDate(y, mo, d)) return NaN;
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
    ms = sec * SECOND_MS;
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
  const local = day + h * HOUR_MS + mi * MINUTE_MS + ms;
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
  return local - sign * (oh * HOUR_MS + om * MINUTE_MS);
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
    if (!isValidDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return NaN;
    return zone.toUtc(daysFromCivil(y, mo, d) * DAY_MS + h * HOUR_MS + mi * MINUTE_MS + sec * SECOND_MS);
  };
}
