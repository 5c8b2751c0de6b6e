/**
 * The readiness table: per region, how many supporters there are, how many could come and sign now, against the
 * region's cap, and where the recent pace leads by the deadline. Shared by the dashboard and the daily report.
 *
 * Definitions (also printed under the table):
 * - available = future signatures (phone confirmed + questionnaire done) whose city has a headquarters or is
 *   near one (distance classes city + near);
 * - share of cap = available / cap;
 * - forecast = available now + (available registered in the last 7 complete local days of the range ÷ those
 *   days) × days left from the range's end to the end of the collection window; with fewer complete days the
 *   mean is over those, with none the forecast is the current count;
 * - status: capped when available ≥ cap, on track when the forecast ≥ cap, otherwise at risk.
 */
import type { CoreData } from '../cube/dataset';
import { UNKNOWN_REGION, type CampaignInfo, type HeadquartersRow } from '../cube/format';
import { dayOfIsoDate } from '../time/civil-date';
import { msOfHour } from '../time/hours';
import { localDaysOf } from '../time/local-days';
import { RECENT_DAYS } from '../scan/regional-query';
import type { RegionalScan } from '../scan/types';
import { statusLabel } from '../i18n/labels';
import { regionName, type Language } from '../i18n/language';
import { m } from '../i18n/paraglide/messages.js';

export const READINESS_STATUSES = ['capped', 'on-track', 'at-risk', 'no-cap'] as const;
export type ReadinessStatus = (typeof READINESS_STATUSES)[number];


export interface ReadinessRow {
  code: string;
  name: string;
  nameLocal: string;
  registered: number;
  phone: number;
  future: number;
  available: number;
  cap: number;
  /** available / cap; null without a cap. */
  share: number | null;
  forecast: number;
  headquarters: number;
  status: ReadinessStatus;
}

export type ReadinessKey = Exclude<keyof ReadinessRow, 'nameLocal'>;

/** The table's columns in order; their names are in shared/i18n/labels.ts. */
export const READINESS_COLUMNS: ReadonlyArray<{ key: ReadinessKey; numeric: boolean }> = [
  { key: 'name', numeric: false },
  { key: 'registered', numeric: true },
  { key: 'phone', numeric: true },
  { key: 'future', numeric: true },
  { key: 'available', numeric: true },
  { key: 'cap', numeric: true },
  { key: 'share', numeric: true },
  { key: 'forecast', numeric: true },
  { key: 'headquarters', numeric: true },
  { key: 'status', numeric: false }
];

/** The forecast's definition as the table's footnote prints it. */
export const recentDaysNote = (language?: Language): string => m.forecast_note({ days: RECENT_DAYS }, { locale: language });

/** Forecast of a count at the deadline from the recent daily rate; rounds to whole supporters. */
export function forecastAtDeadline(current: number, recentCount: number, recentDays: number, rangeEndHour: number, deadlineHour: number): number {
  const rate = recentDays > 0 ? recentCount / recentDays : 0;
  const daysLeft = Math.max(0, deadlineHour - rangeEndHour) / 24;
  return Math.round(current + rate * daysLeft);
}

export function readinessStatus(available: number, forecast: number, cap: number): ReadinessStatus {
  if (cap <= 0) return 'no-cap';
  if (available >= cap) return 'capped';
  return forecast >= cap ? 'on-track' : 'at-risk';
}

/** End of the collection window (its end date is inclusive) in the campaign's time zone, as an exclusive hour. */
export function deadlineHour(campaign: CampaignInfo): number {
  return localDaysOf(campaign.timeZone).startHour(dayOfIsoDate(campaign.window.end) + 1);
}

/** Headquarters open at an instant (hours since epoch), counted per region. */
export function openHeadquartersByRegion(headquarters: HeadquartersRow[], atHour: number): Map<string, number> {
  const at = msOfHour(atHour);
  const byRegion = new Map<string, number>();
  for (const hq of headquarters) {
    if (isOpenAt(hq, at)) byRegion.set(hq.regionCode, (byRegion.get(hq.regionCode) ?? 0) + 1);
  }
  return byRegion;
}

/** Open at `atMs` (ms since epoch): opened at or before it and not yet closed. */
export function isOpenAt(hq: HeadquartersRow, atMs: number): boolean {
  return Date.parse(hq.opened) <= atMs && (hq.closed === null || Date.parse(hq.closed) > atMs);
}

/**
 * One row per region of the data set (plus the unresolved-city row when it has registrations, so the sum
 * reconciles with the header totals); `regions` (the region filter) keeps only those regions when not empty.
 */
export function computeReadiness(dataset: CoreData, scan: RegionalScan, regions: string[] = [], language?: Language): ReadinessRow[] {
  const deadline = deadlineHour(dataset.manifest.campaign);
  // The range is half-open, so the last hour it covers is range[1] - 1: headquarters open during it count.
  const hqs = openHeadquartersByRegion(dataset.headquarters, scan.range[1] - 1);
  const info = new Map(dataset.regions.map((r) => [r.code, r]));
  const rows: ReadinessRow[] = [];
  for (const [code, tally] of scan.regions) {
    if (regions.length > 0 && !regions.includes(code)) continue;
    const region = info.get(code);
    if (!region && tally.counts.registered === 0) continue;
    const cap = region?.cap ?? 0;
    const forecast = forecastAtDeadline(tally.available, tally.recentAvailable, scan.recent.days, scan.range[1], deadline);
    rows.push({
      code,
      name: region ? (language ? regionName(region, language, dataset.manifest.campaign.pack) : region.name) : code === UNKNOWN_REGION ? m.city_not_resolved({}, { locale: language }) : code,
      nameLocal: region?.nameLocal ?? '',
      registered: tally.counts.registered,
      phone: tally.counts.phone,
      future: tally.counts.future,
      available: tally.available,
      cap,
      share: cap > 0 ? tally.available / cap : null,
      forecast,
      headquarters: hqs.get(code) ?? 0,
      status: readinessStatus(tally.available, forecast, cap)
    });
  }
  return rows;
}

/** The sum row; its status and share are those of the sums. */
export function readinessTotal(rows: ReadinessRow[], language?: Language): ReadinessRow {
  const sum = (key: 'registered' | 'phone' | 'future' | 'available' | 'cap' | 'forecast' | 'headquarters') =>
    rows.reduce((s, r) => s + r[key], 0);
  const available = sum('available');
  const cap = sum('cap');
  const forecast = sum('forecast');
  return {
    code: 'TOTAL',
    name: m.total({}, { locale: language }),
    nameLocal: '',
    registered: sum('registered'),
    phone: sum('phone'),
    future: sum('future'),
    available,
    cap,
    share: cap > 0 ? available / cap : null,
    forecast,
    headquarters: sum('headquarters'),
    status: readinessStatus(available, forecast, cap)
  };
}

/**
 * The sum row's status cell: how many of the rows stand where, most urgent first ("10 at risk · 70 on track ·
 * 3 capped"). The sums' own status would hide them: a total below the summed caps reads "at risk" even when
 * most regions are capped and a few far behind.
 */
export function statusSummary(rows: ReadinessRow[], language?: Language): string {
  const counts = new Map<ReadinessStatus, number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const parts = (['at-risk', 'on-track', 'capped'] as const)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${statusLabel(s, language).toLowerCase()}`);
  if (counts.has('no-cap')) parts.push(m.status_without_cap({ n: counts.get('no-cap') ?? 0 }, { locale: language }));
  return parts.join(' · ');
}

const STATUS_ORDER: Record<ReadinessStatus, number> = { 'at-risk': 0, 'on-track': 1, capped: 2, 'no-cap': 3 };

/** Stable sort by any column; nulls (no cap) last in either direction, statuses by urgency. */
export function sortReadiness(rows: ReadinessRow[], key: ReadinessKey, descending: boolean): ReadinessRow[] {
  const value = (r: ReadinessRow): number | string | null => (key === 'status' ? STATUS_ORDER[r.status] : r[key]);
  const sign = descending ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, v: value(row) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c = typeof a.v === 'string' ? a.v.localeCompare(b.v as string) : a.v - (b.v as number);
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map((x) => x.row);
}

/** Case- and ё-insensitive substring match on the region's names and code. */
export function filterReadiness(rows: ReadinessRow[], text: string): ReadinessRow[] {
  const needle = fold(text.trim());
  if (needle === '') return rows;
  return rows.filter((r) => fold(`${r.name} ${r.nameLocal} ${r.code}`).includes(needle));
}

function fold(s: string): string {
  return s.toLowerCase().replaceAll('ё', 'е');
}
