/**
 * The published data set: what crosses from the pipeline to the browser (and to the report).
 * Defined once here; the pipeline writes it, the dashboard and the report read it.
 *
 * Registrations cube: one row per (hour × region × source × distance class) that has any registration,
 * with one count column per stage. A stage is a measure, not a row dimension, because stages are nested
 * subsets of the same people (a person counts once in `registered` and once in each stage reached):
 * as columns they can be summed by any filter without double counting, and the cube is five times smaller.
 * The hour is the registration hour (cohort semantics): "of those registered in the brushed period,
 * how many have confirmed their phone by now" — so every funnel share stays between 0 and 1.
 */

export const FORMAT_NAME = 'tallyboard-cube';
export const FORMAT_VERSION = 1;

/** Stage measures, in funnel order. `future` = questionnaire done and phone confirmed ("future signatures"). */
export const STAGES = ['registered', 'phone', 'email', 'questionnaire', 'future'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Distance to the nearest open headquarters. `unknown`: the city could not be resolved. The cube's `distance`
 * dictionary pairs the class at registration with the class as of the data set's network (distance-codes.ts).
 */
export const DISTANCE_CLASSES = ['city', 'near', 'far', 'unknown'] as const;
export type DistanceClass = (typeof DISTANCE_CLASSES)[number];

/** Region code used for registrations whose city was not resolved (they still count in every total). */
export const UNKNOWN_REGION = 'UNKNOWN';

export const REGISTRATION_COLUMNS = ['hour', 'region', 'source', 'distance', ...STAGES] as const;
export const DELIVERY_COLUMNS = ['hour', 'channel', 'gateway', 'status', 'count'] as const;

export const DELIVERY_CHANNELS = ['sms', 'email'] as const;
export const DELIVERY_STATUSES = ['sent', 'delivered', 'failed'] as const;

/**
 * A decoded columnar table: every column is an Int32Array of `rows` values.
 * Hours are whole hours since the Unix epoch (UTC); dimension columns hold indexes into the manifest's dictionaries.
 */
export interface ColumnTable {
  rows: number;
  columns: Record<string, Int32Array>;
}

/** One published file, with what a reader needs to check it arrived whole. */
export interface FileEntry {
  path: string;
  bytes: number;
  sha256: string;
  rows: number;
}

export interface RegionRow {
  code: string;
  name: string;
  nameLocal: string;
  timezone: string;
  population: number;
  cap: number;
  /** Absent in data sets built before it was published (an additive field: readers show "not known"). */
  unresolved?: RegionUnresolved;
}

/** A region's registrations whose city did not resolve (its region column placed them), and their distinct spellings. */
export interface RegionUnresolved {
  rows: number;
  spellings: number;
}

export interface HeadquartersRow {
  id: string;
  name: string;
  city: string;
  regionCode: string;
  lat: number;
  lon: number;
  /** ISO timestamps; `closed` null while open. */
  opened: string;
  closed: string | null;
}

export const EVENT_KINDS = ['video', 'rally', 'press', 'mailing', 'regional', 'plusone', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** OSDI's event statuses. A cancelled event stays listed (people asked about it) but caused nothing. */
export const EVENT_STATUSES = ['confirmed', 'tentative', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * The optional fields came with events from several sources (OSDI CRMs); files written before them stay readable:
 * no `sources` means the configured CSV, no `status` a confirmed event, no `rsvps` an unknown count.
 */
export interface EventRow {
  id: string;
  time: string;
  title: string;
  kind: EventKind;
  regionCode: string | null;
  url: string | null;
  /** Every source that listed the event (config names of OSDI sources, paths of CSV files), in config order. */
  sources?: string[];
  status?: EventStatus;
  /** People who said they would come (OSDI `total_accepted`; the largest count when several systems list it). */
  rsvps?: number;
  /** The venue, where known (a public place, not a person's address), for the map's events layer. */
  lat?: number;
  lon?: number;
}

/** Whether the event happened as far as the data says: what attribution and the report count. */
export function isCancelled(e: Pick<EventRow, 'status'>): boolean {
  return e.status === 'cancelled';
}

export interface CampaignInfo {
  name: string;
  pack: 'ru' | 'us';
  timeZone: string;
  /** The campaign's default language (optional, additive): readers fall back to English when absent. */
  language?: string;
  /** Collection window, ISO dates (inclusive) in the campaign time zone. */
  window: { start: string; end: string };
  target: number;
  totalCap: number;
  regionCap: number;
  nearKm: number;
  dashboardUrl: string | null;
  /**
   * Map projection of the campaign's country (optional, additive): readers fall back by pack when absent
   * (ru → conic equal-area rotate [-105, 0] parallels [52, 64]; us → Albers USA).
   */
  projection?: CampaignProjection;
  /**
   * ISO instant of the headquarters network the `distance` codes' second class follows (shared/cube/distance-codes.ts,
   * shared/metrics/network-as-of.ts); absent in data sets built before it, whose classes are at registration only.
   */
  networkAsOf?: string;
  /** How often the dashboard re-reads the manifest and when it calls the data stale (optional, additive). */
  dashboard?: DashboardRefresh;
  /** Optional inputs the campaign config leaves out (a campaign starting out): the views and the report say so. */
  notConfigured?: Array<'headquarters' | 'events' | 'deliveries'>;
}

export interface DashboardRefresh {
  refreshSeconds: number;
  staleAfterMinutes: number;
}

/** What a data set without `campaign.dashboard` (written before it existed) gets. */
export const DEFAULT_DASHBOARD_REFRESH: DashboardRefresh = { refreshSeconds: 60, staleAfterMinutes: 120 };

/** Same shape as the geo pack's projection.json, so the pipeline can copy it through. */
export interface CampaignProjection {
  type: 'conicEqualArea' | 'albersUsa';
  rotate?: [number, number];
  parallels?: [number, number];
}

export interface Manifest {
  format: typeof FORMAT_NAME;
  version: number;
  generatedAt: string;
  campaign: CampaignInfo;
  /** First and last hour (since epoch, UTC) present in any cube. */
  hours: { first: number; last: number };
  dimensions: {
    region: string[];
    source: string[];
    distance: string[];
    channel: string[];
    gateway: string[];
    status: string[];
  };
  stages: Stage[];
  files: {
    registrations: FileEntry;
    deliveries: FileEntry;
    regions: FileEntry;
    headquarters: FileEntry;
    events: FileEntry;
    shapes: FileEntry;
    /** cities.arrow (shared/cube/city-table.ts); absent from data sets written before it existed. */
    cities?: FileEntry;
    /**
     * registrations-daily.tbc: the registrations cube summed to the campaign's local days, each row at its day's
     * first hour (shared/cube/day-rollup.ts), which the dashboard paints from first. Absent from data sets written
     * before it existed: readers then start from `registrations`.
     */
    registrationsDaily?: FileEntry;
  };
  /** Registrations rows read from every source; read = accepted + rejected. */
  counts: { read: number; accepted: number; rejected: number };
  /** Sums over the whole cube, so a reader can check what it decoded. */
  totals: { registrations: Record<Stage, number>; deliveries: number };
  cities: { distinctSpellings: number; matched: number; ambiguous: number; unresolved: number; rowsResolved: number };
}
