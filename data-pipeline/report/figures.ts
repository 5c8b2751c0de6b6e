/**
 * Every number in the daily report, computed from the published data set only (cubes + manifest), as plain
 * data. Renderers format it; nothing here knows about HTML, mail or files, so the figures can be checked on
 * their own against sums taken straight from the cube.
 *
 * Definitions the readers rely on:
 * - "the day" is 00:00–24:00 in the campaign time zone; the previous day, the same weekday a week earlier
 *   and the 7-day average (of the 7 days before the day) are compared with it;
 * - counts are cohort counts, as in the cube: "phone confirmed on the day" = registered that day and
 *   confirmed by the time the data was built;
 * - target, caps, available, capped total, share of cap, forecast and status are the campaign's figures
 *   (shared/metrics/campaign-figures.ts) over the readiness table's rows, as the dashboard's header and sum row
 *   show them; available follows the headquarters network of the data set's date;
 * - an event's lift is its attribution (shared/metrics/attribution.ts) on the whole data set, the dashboard's
 *   and `tallyboard events`' number: registrations it added, with a range.
 *
 * A report scoped to some regions (a coordinator's) counts only their registrations, headquarters, readiness rows
 * and events (theirs and the campaign-wide ones); its target is the sum of their caps; deliverability stays
 * campaign-wide (gateways serve every region), and `national` keeps the whole campaign's day for context.
 */
import { UNKNOWN_REGION, type EventRow, type HeadquartersRow } from '../../shared/cube/format.ts';
import type { Dataset } from '../../shared/cube/dataset.ts';
import { deliverySeries, detectOutages, type Outage } from '../../shared/metrics/deliverability.ts';
import type { EventAttribution } from '../../shared/metrics/attribution.ts';
import { attributeDataset } from '../../shared/metrics/event-series.ts';
import type { CampaignFigures } from '../../shared/metrics/campaign-figures.ts';
import { computeReadiness, readinessFigures, type ReadinessRow } from '../../shared/metrics/readiness.ts';
import { cubeRows, type CubeRows } from '../../shared/scan/cube-rows.ts';
import { regionalQuery } from '../../shared/scan/regional-query.ts';
import { DEFAULT_FILTERS } from '../../shared/scan/scan-engine.ts';
import { hourOfIso } from '../../shared/time/hours.ts';
import { CampaignCalendar, daysBetween, type CampaignDay } from './campaign-day.ts';
import { stageLabel } from '../../shared/i18n/labels.ts';
import { BASE_LANGUAGE, languageOf, regionName, type Language } from '../../shared/i18n/language.ts';
import { REPORT_STAGES, dayValue, sumRegistrations, toDateValue, type CubeSums, type ReportStage } from './cube-sums.ts';
import { dashboardLink } from './dashboard-link.ts';

/** Days in the series chart, the report's day included. */
export const SERIES_DAYS = 30;
const AVERAGE_DAYS = 7;
const MOVERS = 3;
export const DEFAULT_OUTAGE_THRESHOLD = 0.5;

export interface StageFigures {
  stage: ReportStage;
  label: string;
  day: number;
  previousDay: number;
  sameWeekdayLastWeek: number;
  average7: number;
  toDate: number;
}

export interface RegionMove {
  code: string;
  name: string;
  day: number;
  previousDay: number;
  average7: number;
  /** day − 7-day average, what the ranking uses (steadier than day − previous day). */
  change: number;
}

export interface RegionReadiness extends ReadinessRow {
  /** Reached its cap with the day's registrations. */
  reachedOnTheDay: boolean;
}

export interface DayPoint {
  date: string;
  registered: number;
  future: number;
}

export interface EventFigures {
  event: EventRow;
  /** null when the data ends before the event. */
  lift: EventAttribution | null;
}

export interface GatewayDay {
  channel: string;
  gateway: string;
  messages: number;
  delivered: number;
}

/** The regions a scoped report covers, in the order of the config. */
export interface ReportScopeFigures {
  codes: string[];
  names: string[];
}

export interface ReportFigures {
  campaign: string;
  /** null: the national report. */
  scope: ReportScopeFigures | null;
  /** The language every rendering of these figures speaks; region names are already in it. */
  language: Language;
  /** The whole campaign's registrations on the day and future signatures to date: a scoped report's context line. */
  national: { registered: number; future: number; target: number };
  timeZone: string;
  /** Optional inputs the config leaves out; the report names them rather than showing empty sections. */
  notConfigured: string[];
  day: CampaignDay;
  /** The last hour the data set covers: lifts of late events are measured up to it. */
  dataThroughHour: number;
  stages: StageFigures[];
  totals: {
    future: number;
    windowEnd: string;
    daysLeft: number;
    /** The readiness table's campaign figures as of the end of the day. */
    campaign: CampaignFigures;
  };
  /** Every region with registrations on the day or in the week before it. */
  regionDays: RegionMove[];
  movedUp: RegionMove[];
  movedDown: RegionMove[];
  /** Every region of the readiness table (unresolved cities included), highest share of cap first. */
  readiness: RegionReadiness[];
  atRisk: RegionReadiness[];
  reachedCap: RegionReadiness[];
  headquartersOpened: HeadquartersRow[];
  events: EventFigures[];
  deliverability: { threshold: number; gateways: GatewayDay[]; outages: Outage[] };
  series: DayPoint[];
  dashboardUrl: string | null;
}

export interface FigureOptions {
  date: string;
  outageThreshold?: number;
  /** Overrides the manifest's dashboard URL (from the config's report section). */
  dashboardUrl?: string | null;
  /** Scope the report to these region codes; absent or null: the national report. */
  regions?: string[] | null;
  /** Overrides the campaign's default language. */
  language?: Language;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

function stageFigures(sums: CubeSums, d: number, stage: ReportStage, language: Language, regions?: readonly number[]): StageFigures {
  const at = (i: number): number => (i >= 0 ? dayValue(sums, i, stage, regions) : 0);
  return {
    stage,
    label: stageLabel(stage, language),
    day: at(d),
    previousDay: at(d - 1),
    sameWeekdayLastWeek: at(d - 7),
    average7: mean(Array.from({ length: AVERAGE_DAYS }, (_, k) => at(d - 1 - k))),
    toDate: toDateValue(sums, stage, regions)
  };
}

function regionMoves(data: Dataset, sums: CubeSums, d: number, inScope: (code: string) => boolean, language: Language): RegionMove[] {
  const names = new Map(data.regions.map((r) => [r.code, regionName(r, language, data.manifest.campaign.pack)]));
  const moves: RegionMove[] = [];
  data.manifest.dimensions.region.forEach((code, r) => {
    if (code === UNKNOWN_REGION || !inScope(code)) return;
    const reg = stageFigures(sums, d, 'registered', language, [r]);
    if (reg.day === 0 && reg.average7 === 0) return;
    moves.push({ code, name: names.get(code) ?? code, day: reg.day, previousDay: reg.previousDay, average7: reg.average7, change: reg.day - reg.average7 });
  });
  return moves;
}

/** The readiness table as of the end of the day, with which regions crossed their cap on the day itself. */
function readinessAt(data: Dataset, cube: CubeRows, sums: CubeSums, d: number, language: Language): RegionReadiness[] {
  const day = sums.days[d];
  const scan = regionalQuery(cube, data.manifest, { ...DEFAULT_FILTERS, hours: [data.manifest.hours.first, day.endHour] });
  const index = new Map(data.manifest.dimensions.region.map((code, r) => [code, r]));
  return computeReadiness(data, scan, [], language)
    .map((row) => {
      const r = index.get(row.code);
      const dayAvailable = r === undefined ? 0 : dayValue(sums, d, 'available', [r]);
      return { ...row, reachedOnTheDay: row.status === 'capped' && row.available - dayAvailable < row.cap };
    })
    .sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || a.code.localeCompare(b.code));
}

function gatewayTotals(data: Dataset, day: CampaignDay): GatewayDay[] {
  const series = deliverySeries(data.deliveries, data.manifest, [day.startHour, day.endHour], 1);
  const sum = (values: Float64Array): number => values.reduce((s, v) => s + v, 0);
  return series.lines.map((l) => ({ channel: l.channel, gateway: l.gateway, messages: sum(l.volume), delivered: sum(l.delivered) }));
}

export function computeFigures(data: Dataset, options: FigureOptions): ReportFigures {
  const { manifest } = data;
  const info = manifest.campaign;
  const days = new CampaignCalendar(info.timeZone).daysEnding(options.date, SERIES_DAYS);
  const d = days.length - 1;
  const day = days[d];
  const cube = cubeRows(data);
  const sums = sumRegistrations(cube, manifest, days);
  const daysLeft = Math.max(0, daysBetween(options.date, info.window.end));
  const language = options.language ?? languageOf(info.language) ?? BASE_LANGUAGE;
  const scopeCodes = options.regions ?? null;
  const inScope = (code: string | null): boolean => scopeCodes === null || (code !== null && scopeCodes.includes(code));
  const scopeIndexes = scopeCodes?.map((code) => manifest.dimensions.region.indexOf(code)).filter((r) => r >= 0);

  const moves = regionMoves(data, sums, d, inScope, language);
  const byChange = [...moves].sort((a, b) => b.change - a.change || a.code.localeCompare(b.code));
  const readiness = readinessAt(data, cube, sums, d, language).filter((r) => inScope(r.code));
  const withCap = readiness.filter((r) => r.cap > 0);
  const scopeCap = withCap.reduce((s, r) => s + r.cap, 0);
  // A scoped report's target and total cap are its regions' caps.
  const campaign = readinessFigures(scopeCodes ? { target: scopeCap, totalCap: scopeCap } : info, readiness);
  const stages = REPORT_STAGES.map((s) => stageFigures(sums, d, s, language, scopeIndexes));
  const future = stages.find((s) => s.stage === 'future')!;
  const inDay = (iso: string): boolean => {
    const h = hourOfIso(iso);
    return h >= day.startHour && h < day.endHour;
  };
  const dayEvents = data.events
    .filter((e) => inDay(e.time) && (e.regionCode === null || inScope(e.regionCode)))
    .sort((a, b) => a.time.localeCompare(b.time));
  const names = new Map(data.regions.map((r) => [r.code, regionName(r, language, data.manifest.campaign.pack)]));
  // The fit takes about a second on a million registrations: only for a day with events.
  const attribution = dayEvents.length ? attributeDataset(data) : new Map<string, EventAttribution>();
  const threshold = options.outageThreshold ?? DEFAULT_OUTAGE_THRESHOLD;

  return {
    campaign: info.name,
    scope: scopeCodes && { codes: scopeCodes, names: scopeCodes.map((code) => names.get(code) ?? code) },
    language,
    national: { registered: dayValue(sums, d, 'registered'), future: toDateValue(sums, 'future'), target: info.target },
    timeZone: info.timeZone,
    notConfigured: info.notConfigured ?? [],
    day,
    dataThroughHour: manifest.hours.last,
    stages,
    totals: {
      future: future.toDate,
      windowEnd: info.window.end,
      daysLeft,
      campaign
    },
    regionDays: moves,
    movedUp: byChange.filter((m) => m.change > 0).slice(0, MOVERS),
    movedDown: byChange.filter((m) => m.change < 0).reverse().slice(0, MOVERS),
    readiness,
    // Closest to the line first: that is where effort still changes the outcome.
    atRisk: withCap.filter((r) => r.status === 'at-risk').sort((a, b) => b.forecast / b.cap - a.forecast / a.cap || a.code.localeCompare(b.code)),
    reachedCap: withCap.filter((r) => r.status === 'capped'),
    headquartersOpened: data.headquarters.filter((hq) => inDay(hq.opened) && inScope(hq.regionCode)),
    events: dayEvents.map((event) => ({ event, lift: attribution.get(event.id) ?? null })),
    deliverability: {
      threshold,
      gateways: gatewayTotals(data, day),
      outages: detectOutages(data.deliveries, manifest, { threshold, hours: [day.startHour, day.endHour] })
    },
    series: days.map((x, i) => ({ date: x.date, registered: dayValue(sums, i, 'registered', scopeIndexes), future: dayValue(sums, i, 'future', scopeIndexes) })),
    dashboardUrl: dashboardLink(options.dashboardUrl === undefined ? info.dashboardUrl : options.dashboardUrl, day, scopeCodes)
  };
}
