/**
 * Which columns hold personal data, by content and by name: either is enough. Content catches a personal column
 * under an innocent name ("contact", "Поле 3"); the name catches one that is empty in the sample.
 * Columns of timestamps are never personal by name: "phone_confirmed_at" is a stage, not a phone number.
 */
import type { ColumnStats } from './column-stats.ts';

export interface PersonalColumn {
  index: number;
  name: string;
  /** What was found, e.g. "e-mail addresses (98% of values)" or "its name". */
  why: string;
}

const pct = (x: number): string => `${Math.round(100 * x)}%`;

const NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(first|last|middle|full|given|family|sur|nick)?[\s_-]?name$|^(first|last)[\s_-]?name|фио|^имя|фамили|отчеств/i, 'person names'],
  [/e-?mail|почт/i, 'e-mail addresses'],
  [/phone|mobile|^tel|телефон|моб/i, 'phone numbers'],
  [/address|street|^addr|адрес|улиц/i, 'street addresses'],
  [/zip|postal|postcode|post_code|индекс/i, 'postcodes'],
  [/birth|рожд|passport|паспорт|ssn|^ip$|ip_address|comment|коммент/i, 'identifying details']
];

/**
 * `placeShare`: share of a column's values that the pack knows as a city or a region — capitalised words that
 * are places, not people.
 */
export function detectPersonal(columns: ColumnStats[], placeShare: (c: ColumnStats) => number): PersonalColumn[] {
  const found: PersonalColumn[] = [];
  for (const c of columns) {
    const s = c.share;
    // [share, threshold, what]: addresses and Russian full names are rarer patterns, so a lower share suffices.
    const byContent: ReadonlyArray<readonly [number, number, string]> = [
      [s.email, 0.6, 'e-mail addresses'],
      [s.phone, 0.6, 'phone numbers'],
      [s.street, 0.3, 'street addresses'],
      [c.uniqueness < 0.95 ? s.postcode : 0, 0.6, 'postcodes'],
      [s.russianName, 0.3, 'person names']
    ];
    const hit = byContent.find(([share, threshold]) => share >= threshold);
    if (hit) {
      found.push({ index: c.index, name: c.name, why: `${hit[2]} (${pct(hit[0])} of ${c.values.length} values)` });
      continue;
    }
    if (s.nameLike >= 0.6 && c.distinct >= Math.min(10, c.values.length) && c.uniqueness >= 0.2 && placeShare(c) < 0.3) {
      found.push({ index: c.index, name: c.name, why: `person names (${pct(s.nameLike)} capitalised words that are not places)` });
      continue;
    }
    const named = c.time && c.values.length > 0 ? undefined : NAMES.find(([re]) => re.test(c.name));
    if (named) found.push({ index: c.index, name: c.name, why: `${named[1]} (by its name)` });
  }
  return found;
}
