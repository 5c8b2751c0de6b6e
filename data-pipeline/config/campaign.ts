/**
 * The campaign config (`campaign.json`), as the pipeline and the report read it. Paths are relative to the
 * config file. Secrets never live here: the config names environment variables that hold them.
 * The JSON Schema in campaign.schema.json mirrors these types and is what validates a file; a unit test
 * (tests/unit/config/schema-agrees.test.ts) fails when the two disagree.
 */
import type { PackCode } from '../../geo/pack.ts';
import type { EventKind } from '../../shared/cube/format.ts';

/** Maps a third-party export onto our registration fields. */
export interface SourceProfile {
  /** Text encoding of the file: utf-8 (default, BOM tolerated) or windows-1251 etc. (anything iconv-lite knows). */
  encoding?: string;
  delimiter?: string;
  /** The column names of a file without a header row (its first row is then data). */
  header?: string[];
  /** Our field → the export's column name. Missing fields: absent from this export. */
  columns: Partial<Record<RegistrationField, string>>;
  /** Optional status column and how its values map: "keep" rows are accepted, "drop" rows are rejected with the reason. */
  status?: { column: string; keep: string[]; drop: string[] };
  /** Columns holding personal data, removed on read before anything else sees them. */
  personal: string[];
  /** Timestamp format when not ISO 8601: e.g. "DD.MM.YYYY HH:mm" (read in the campaign time zone). */
  timeFormat?: string;
}

export const REGISTRATION_FIELDS = ['id', 'created_at', 'city', 'region', 'source', 'phone_confirmed_at', 'email_confirmed_at', 'questionnaire_at'] as const;
export type RegistrationField = (typeof REGISTRATION_FIELDS)[number];
/** The stages a registration may reach after created_at, in the cube's order (phone, email, questionnaire). */
export const STAGE_FIELDS = ['phone_confirmed_at', 'email_confirmed_at', 'questionnaire_at'] as const satisfies readonly RegistrationField[];

export type SourceConfig =
  | { kind: 'csv'; name: string; path: string; profile?: string | SourceProfile }
  | { kind: 'osdi'; name: string; url: string; tokenEnv: string; pageLimit?: number }
  /** `pushdown`: aggregate inside the database (sources/postgres/pushdown.ts) rather than read the rows one by one. */
  | {
      kind: 'postgres';
      name: string;
      urlEnv: string;
      table: string;
      pushdown?: boolean;
      /** Incremental builds read the rows whose column is at or above the last build's maximum (README "Incremental builds"). */
      updatedAtColumn?: string;
    };

/**
 * An OSDI events collection (e.g. Action Network's https://actionnetwork.org/api/v2/events), read with the same
 * paging, retries and token rules as an OSDI people source. `kinds` maps the server's event `type` to the
 * dashboard's kind; a type that is already a kind name is kept, any other becomes "other".
 */
export interface OsdiEventSource {
  kind: 'osdi';
  name: string;
  url: string;
  tokenEnv: string;
  pageLimit?: number;
  kinds?: Record<string, EventKind>;
}

/** A CSV path (`id,time,title,kind,region_code,url`, relative to the config) or an OSDI collection. */
export type EventSourceConfig = string | OsdiEventSource;

export interface SmtpConfig {
  host: string;
  port: number;
  /** true: TLS from the first byte (465); false: plain, upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  requireTLS?: boolean;
  userEnv?: string;
  passEnv?: string;
  from: string;
}

/** How far a build may move from the last publish before it is held back (see export/publish-gates.ts). */
export interface PublishLimits {
  /** Largest fall of the accepted count, as a share of the last publish's (default 0.5). */
  maxAcceptedDrop?: number;
  /** Largest fall of the city match rate, in share points (default 0.2). */
  maxMatchRateDrop?: number;
  /** Lowest city match rate that is published at all (default 0.5). */
  minMatchRate?: number;
  /** Largest rise of the rejected share of rows read, in share points (default 0.1). */
  maxRejectedShareRise?: number;
}

export interface CampaignConfig {
  name: string;
  pack: PackCode;
  timeZone: string;
  /**
   * The dashboard's and the report's default language (default "en"); a reader's ?lang= or choice overrides it.
   * Spelled out rather than Paraglide's Locale type so the schema test can read it: a new language adds itself here.
   */
  language?: 'en' | 'ru';
  /** Collection window, inclusive dates in the campaign time zone; the deadline is the window's end. */
  window: { start: string; end: string };
  /** Registrations shown from this date (data before the window counts too: the campaign ran ahead of it). */
  target: number;
  totalCap: number;
  regionCap: number;
  /** Per-region overrides of regionCap, by ISO 3166-2 code. */
  regionCaps?: Record<string, number>;
  nearKm: number;
  /** Published data folder (cubes + manifest); default ../static/data relative to the config. */
  output?: string;
  /** Folder for the public profile (daily and region totals, cells under 5 suppressed); none when absent. */
  publicOutput?: string;
  /** Work folder for what must never be published (rejects, unresolved cities); default .tallyboard beside the config. */
  work?: string;
  sources: SourceConfig[];
  /** Timestamps accepted (ISO dates or times); default: two years before window.start to a day after the build. */
  validTimes?: { from?: string; to?: string };
  /** Sanity gates before publishing; `build --force` publishes past them. */
  publishLimits?: PublishLimits;
  /** CSV: id,name,city,region_code,lat,lon,opened,closed. Optional: without it every distance class is "unknown". */
  headquarters?: string;
  /**
   * One CSV (id,time,title,kind,region_code,url), or a list of event sources merged into one list (the same event
   * from two systems becomes one). Optional: a campaign starting out may have none yet.
   */
  events?: string | EventSourceConfig[];
  /** CSV: time,channel,gateway,status (one row per message attempt) */
  deliveries?: string;
  /** JSON pointers of values `tallyboard init` could not know (window, caps): `tallyboard check` reminds until removed. */
  placeholders?: string[];
  report?: {
    /** Receive the national report (kept beside `recipients` for configs written before it). */
    to?: string[];
    recipients?: Array<string | ReportRecipient>;
    smtp?: SmtpConfig;
    dashboardUrl?: string;
    outageThreshold?: number;
  };
  /** How the dashboard keeps itself current; defaults in export/campaign-info.ts. */
  dashboard?: DashboardConfig;
  /** Incident thresholds; defaults in alerts/settings.ts. */
  alerts?: AlertsConfig;
}

export interface DashboardConfig {
  /** Seconds between the page's checks of manifest.json (default 60; `?refresh=SECONDS` overrides it). */
  refreshSeconds?: number;
  /** Age of the data after which the page warns (default 120). */
  staleAfterMinutes?: number;
}

export interface AlertsConfig {
  /** Recipients (default: report.to). */
  to?: string[];
  /** A gateway's hourly delivered share below this is failing (default 0.5). */
  deliveredShareBelow?: number;
  /** Failing hours in a row, up to the latest, that make an outage (default 1). */
  outageHours?: number;
  /** Hours with fewer messages are too noisy to judge (default 20). */
  minMessages?: number;
  /** Daytime hours without a registration that make a silence (default 3). */
  silentHours?: number;
  /** Local hours when registrations are expected: `from` inclusive, `to` exclusive (default 9–21). */
  daytime?: { from: number; to: number };
  /** Share of its cap at which a region raises an alert (default 1). */
  capShare?: number;
}

/** A coordinator's report: their regions (with one line of national context) in their language. */
export interface ReportRecipient {
  to: string;
  /** ISO 3166-2 codes; absent: the national report. */
  regions?: string[];
  language?: string;
}

/** The event sources as a list: a single CSV path is the list of that one file. */
export function eventSources(config: Pick<CampaignConfig, 'events'>): EventSourceConfig[] {
  return config.events === undefined ? [] : typeof config.events === 'string' ? [config.events] : config.events;
}

/** The optional reference files a config leaves out, for the build log, `tallyboard check` and the report. */
export function missingReferenceFiles(config: CampaignConfig): Array<'headquarters' | 'events' | 'deliveries'> {
  return (['headquarters', 'events', 'deliveries'] as const).filter((k) => !config[k]);
}
