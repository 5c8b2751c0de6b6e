/**
 * What a single cell looks like: a timestamp (and in which layout), an e-mail, a phone number, a postcode, a
 * number, a street address, a person's name. Column inference (columns.ts) and personal-data detection
 * (personal.ts) both decide from the share of a column's values that pass these tests.
 */

export const isEmail = (v: string): boolean => /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/.test(v);
export const isNumber = (v: string): boolean => /^-?\d+([.,]\d+)?$/.test(v);
export const isUuid = (v: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

/** 10 to 15 digits written the way phones are: +, spaces, dashes, dots, brackets (a bare 10-digit number is an id). */
export function isPhone(v: string): boolean {
  if (!/^\+?[\d\s().-]{9,22}$/.test(v)) return false;
  const digits = v.replace(/\D/g, '').length;
  return digits >= 10 && digits <= 15 && (/[\s().+-]/.test(v) || digits === 11);
}

export const isPostcode = (v: string): boolean => /^\d{5}(-\d{4})?$/.test(v) || /^\d{6}$/.test(v);

const STREET = /\b(st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|hwy|apt|suite)\b\.?/i;
const RU_STREET = /(^|[\s,])(ул|улица|пр-т|проспект|пер|переулок|ш|шоссе|наб|д|дом|кв|корп|стр)\.?(\s|$)/i;
export const isStreetAddress = (v: string): boolean => /\d/.test(v) && (STREET.test(v) || RU_STREET.test(v));

/** One to four capitalised words of letters: names of people (and of cities: the caller tells them apart). */
export const isNameLike = (v: string): boolean => /^(\p{Lu}[\p{L}'’.-]*)(\s+\p{Lu}[\p{L}'’.-]*){0,3}$/u.test(v.trim());

/** Russian patronymics and surname endings: only people are called that. */
export const isRussianFullName = (v: string): boolean => /^\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+(\s+\p{Lu}\p{Ll}+(вич|вна|ична|кызы|оглы))?$/u.test(v.trim()) && /(ов|ова|ев|ева|ин|ина|ский|ская|вич|вна)(\s|$)/u.test(v);

/** ISO 8601 as the pipeline's parseIso reads it: date, optional time with seconds, fraction and offset. */
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** Day, month and year in some order with one separator, an optional time: the layouts a profile's timeFormat covers. */
const DATED = /^(\d{2}|\d{4})([./-])(\d{2})\2(\d{2}|\d{4})(?:([ T])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

export const isTimestamp = (v: string): boolean => ISO.test(v) || DATED.test(v);

/** Anything a header cell would not be: the test for "this first row is data". */
export const looksLikeValue = (v: string): boolean => v.trim() === '' || isTimestamp(v) || isNumber(v) || isEmail(v) || isPhone(v) || isUuid(v);

export interface TimeLayout {
  /** null: ISO 8601, read without a profile timeFormat. */
  format: string | null;
  /** Share of the non-empty values the layout reads. */
  share: number;
  /** How the day/month order was decided, when it had to be. */
  note?: string;
}

/**
 * The layout of a column of timestamps, in the tokens of the profile's timeFormat (YYYY MM DD HH mm ss).
 * Day and month are told apart by a value over 12; failing that, "." means day first and "/" month first.
 */
export function timeLayout(values: string[]): TimeLayout | null {
  if (values.length === 0) return null;
  const iso = values.filter((v) => ISO.test(v)).length;
  if (iso / values.length >= 0.9) return { format: null, share: iso / values.length };
  const parts = values.map((v) => DATED.exec(v)).filter((m): m is RegExpExecArray => m !== null);
  if (parts.length / values.length < 0.9) return null;
  const m = parts[0];
  const sep = m[2];
  const time = m[6] === undefined ? '' : `${m[5]}HH:mm${parts.some((p) => p[8] !== undefined) ? ':ss' : ''}`;
  if (m[1].length === 4) return { format: `YYYY${sep}MM${sep}DD${time}`, share: parts.length / values.length };
  const firstOver12 = parts.some((p) => Number(p[1]) > 12);
  const secondOver12 = parts.some((p) => Number(p[3]) > 12);
  let dayFirst: boolean;
  let note: string | undefined;
  if (firstOver12 !== secondOver12) dayFirst = firstOver12;
  else {
    dayFirst = sep !== '/';
    note = `no day above 12 in the sample: ${dayFirst ? 'day' : 'month'} first assumed from the "${sep}" separator — check it`;
  }
  return { format: `${dayFirst ? 'DD' : 'MM'}${sep}${dayFirst ? 'MM' : 'DD'}${sep}YYYY${time}`, share: parts.length / values.length, note };
}
