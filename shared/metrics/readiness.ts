/**
 * The readiness table: per region, how many supporters there are, how many could come and sign now, against the
 * region's cap, and where the recent pace leads by the deadline. Shared by the dashboard and the daily report.
 *
 * The figures themselves (available, share of cap, forecast, status, the sum row's capped total) are defined
 * once in campaign-figures.ts; available follows the headquarters network as of the data set's network date
 * (network-as-of.ts), and so does the headquarters column.
 */
import type { CoreData } from '../cube/dataset';
import { UNKNOWN_REGION, type CampaignInfo, type HeadquartersRow } from '../cube/format';
import { msOfHour } from '../time/hours';
import type { RegionalScan } from '../scan/types';
import { statusLabel } from '../i18n/labels';
import { regionName, type Language } from '../i18n/language';
import { m } from '../i18n/paraglide/messages.js';
import { campaignFigures, deadlineHour, forecastAtDeadline, readinessStatus, shareOfCap, type CampaignFigures, type ReadinessStatus } from './campaign-figures';
import { networkHour } from './network-as-of';
import { RECENT_DAYS } from '../scan/regional-query';

export type { ReadinessStatus };

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
  /** The forecast's 80 % range. */
  forecastLow: number;
  forecastHigh: number;
  headquarters: number;
  status: ReadinessStatus;
}

/** The forecast's range is shown with the forecast, not as columns of its own. */
export type ReadinessKey = Exclude<keyof ReadinessRow, 'nameLocal' | 'forecastLow' | 'forecastHigh'>;

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
  // The network "available" follows, whatever the range: who can come and sign now.
  const hqs = openHeadquartersByRegion(dataset.headquarters, networkHour(dataset.manifest));
  const info = new Map(dataset.regions.map((r) => [r.code, r]));
  const rows: ReadinessRow[] = [];
  for (const [code, tally] of scan.regions) {
    if (regions.length > 0 && !regions.includes(code)) continue;
    const region = info.get(code);
    if (!region && tally.counts.registered === 0) continue;
    const cap = region?.cap ?? 0;
    const forecast = forecastAtDeadline(tally.available, tally.recentAvailable, scan.range[1], deadline);
    rows.push({
      code,
      name: region ? (language ? regionName(region, language, dataset.manifest.campaign.pack) : region.name) : code === UNKNOWN_REGION ? m.city_not_resolved({}, { locale: language }) : code,
      nameLocal: region?.nameLocal ?? '',
      registered: tally.counts.registered,
      phone: tally.counts.phone,
      future: tally.counts.future,
      available: tally.available,
      cap,
      share: shareOfCap(tally.available, cap),
      forecast: forecast.value,
      forecastLow: forecast.low,
      forecastHigh: forecast.high,
      headquarters: hqs.get(code) ?? 0,
      status: readinessStatus(tally.available, forecast.value, cap)
    });
  }
  return rows;
}

/** The rows' campaign figures (campaign-figures.ts): the sum row, the dashboard's header and the report read these. */
export function readinessFigures(campaign: Pick<CampaignInfo, 'target' | 'totalCap'>, rows: readonly ReadinessRow[]): CampaignFigures {
  return campaignFigures(
    campaign,
    rows.map((r) => ({ cap: r.cap, available: r.available, forecast: { value: r.forecast, low: r.forecastLow, high: r.forecastHigh } }))
  );
}

/**
 * The sum row: counts are sums of the rows; cap, share of cap, forecast and status are the campaign's
 * (total cap, capped total ÷ total cap, capped forecast), so the row says what the header and the report say.
 */
export function readinessTotal(rows: ReadinessRow[], figures: CampaignFigures, language?: Language): ReadinessRow {
  const sum = (key: 'registered' | 'phone' | 'future' | 'available' | 'headquarters') => rows.reduce((s, r) => s + r[key], 0);
  return {
    code: 'TOTAL',
    name: m.total({}, { locale: language }),
    nameLocal: '',
    registered: sum('registered'),
    phone: sum('phone'),
    future: sum('future'),
    available: figures.available,
    cap: figures.totalCap,
    share: figures.shareOfCap,
    forecast: figures.forecast.value,
    forecastLow: figures.forecast.low,
    forecastHigh: figures.forecast.high,
    headquarters: sum('headquarters'),
    status: figures.status
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
