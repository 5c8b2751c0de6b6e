/**
 * One column of the sample, summarised: its non-empty values and the share of them passing each value test.
 * Every inference (roles, personal data, status, pack) reads these, never the rows again.
 */
import { isEmail, isNameLike, isNumber, isPhone, isPostcode, isRussianFullName, isStreetAddress, isUuid, timeLayout, type TimeLayout } from './values.ts';

export interface ColumnStats {
  index: number;
  name: string;
  /** Trimmed non-empty values, in sample order. */
  values: string[];
  empty: number;
  distinct: number;
  /** Distinct values over non-empty ones (1: every value unique). */
  uniqueness: number;
  share: { email: number; phone: number; postcode: number; street: number; nameLike: number; russianName: number; uuid: number; number: number; cyrillic: number };
  time: TimeLayout | null;
}

function shareOf(values: string[], test: (v: string) => boolean): number {
  if (values.length === 0) return 0;
  let n = 0;
  for (const v of values) if (test(v)) n++;
  return n / values.length;
}

const hasCyrillic = (v: string): boolean => /[\u0400-\u04ff]/.test(v);

export function columnStats(header: string[], rows: string[][]): ColumnStats[] {
  return header.map((name, index) => {
    const values: string[] = [];
    let empty = 0;
    for (const r of rows) {
      const v = (r[index] ?? '').trim();
      if (v === '') empty++;
      else values.push(v);
    }
    const distinct = new Set(values).size;
    return {
      index,
      name,
      values,
      empty,
      distinct,
      uniqueness: values.length ? distinct / values.length : 0,
      share: {
        email: shareOf(values, isEmail),
        phone: shareOf(values, isPhone),
        postcode: shareOf(values, isPostcode),
        street: shareOf(values, isStreetAddress),
        nameLike: shareOf(values, isNameLike),
        russianName: shareOf(values, isRussianFullName),
        uuid: shareOf(values, isUuid),
        number: shareOf(values, isNumber),
        cyrillic: shareOf(values, hasCyrillic)
      },
      time: timeLayout(values)
    };
  });
}

/** Up to `n` distinct values to show in an explanation; none, ever, from a personal column. */
export function examples(c: ColumnStats, personal: ReadonlySet<number>, n = 3): string[] {
  return personal.has(c.index) ? [] : [...new Set(c.values)].slice(0, n);
}
