/**
 * Campaign events from an OSDI events collection (Action Network: /api/v2/events), read through the shared client
 * (client.ts: paging, retries, token rules). Mapping, documented in data-pipeline/sources/README.md:
 *
 *   id            ← identifiers[0], else _links.self.href
 *   time          ← start_date (a date without a zone is in the campaign time zone)
 *   title         ← title, else name
 *   kind          ← type through the config's `kinds`, else the type itself when it is a kind, else "other"
 *   status        ← status (confirmed / tentative / cancelled)
 *   url           ← browser_url
 *   place         ← location.locality, location.region, location.location.latitude/longitude
 *   rsvps         ← total_accepted
 *
 * Attendances, organisers, creators and the venue's street address are never read: the RSVP count is all the
 * dashboard needs, and the people behind it stay in the CRM.
 */
import { EVENT_KINDS, EVENT_STATUSES, type EventKind, type EventStatus } from '../../../shared/cube/format.ts';
import type { ZoneClock } from '../../../shared/time/zone-clock.ts';
import type { OsdiEventSource } from '../../config/campaign.ts';
import { parseIso } from '../../validate/time.ts';
import type { EventPlace, SourcedEvent } from '../sourced-event.ts';
import { createOsdiClient, OsdiError, type OsdiOptions } from './client.ts';
import { identifiers, isObject, linkHref, str, type Json } from './hal.ts';

const EVENTS_REL = 'osdi:events';

function kindOf(type: string | null, kinds: Record<string, EventKind>): EventKind {
  if (type === null) return 'other';
  const mapped = kinds[type];
  if (mapped) return mapped;
  const lower = type.toLowerCase();
  return (EVENT_KINDS as readonly string[]).includes(lower) ? (lower as EventKind) : 'other';
}

function statusOf(v: unknown): EventStatus | null {
  const s = str(v)?.toLowerCase();
  // "canceled" is how US systems spell it; the spec says "cancelled".
  const normal = s === 'canceled' ? 'cancelled' : s;
  return (EVENT_STATUSES as readonly (string | undefined)[]).includes(normal) ? (normal as EventStatus) : null;
}

function coordinate(v: unknown, limit: number): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

function placeOf(location: unknown): EventPlace {
  if (!isObject(location)) return { locality: null, region: null, lat: null, lon: null };
  const point = isObject(location.location) ? location.location : {};
  const lat = coordinate(point.latitude, 90);
  const lon = coordinate(point.longitude, 180);
  // (0, 0) is what a form leaves when nobody geocoded the address: in the Gulf of Guinea, never a campaign venue.
  const located = lat !== null && lon !== null && !(lat === 0 && lon === 0);
  return { locality: str(location.locality), region: str(location.region), lat: located ? lat : null, lon: located ? lon : null };
}

function countOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export interface EventProblem {
  origin: string;
  reason: string;
}

/** One OSDI event → a sourced event, or the reason it cannot be one (no id, no title, no readable start). */
export function mapOsdiEvent(event: Json, source: string, zone: ZoneClock, kinds: Record<string, EventKind> = {}): SourcedEvent | string {
  const id = identifiers(event)[0] ?? linkHref(event._links, 'self');
  if (id === null) return 'no identifiers and no self link';
  const title = str(event.title) ?? str(event.name);
  if (title === null) return `${id}: no title`;
  const start = str(event.start_date);
  const t = start === null ? NaN : parseIso(start, zone);
  if (Number.isNaN(t)) return `${id}: start_date is not a timestamp: ${JSON.stringify(event.start_date ?? null)}`;
  return {
    source,
    id,
    time: new Date(t).toISOString(),
    title,
    kind: kindOf(str(event.type), kinds),
    status: statusOf(event.status),
    url: str(event.browser_url),
    regionCode: null,
    place: placeOf(event.location),
    rsvps: countOf(event.total_accepted)
  };
}

/**
 * Every event of the collection; events that cannot be placed in time are reported through `log` and skipped (a
 * CRM holds drafts without dates). `modifiedSince`: only events changed after it (OSDI's modified_date filter).
 */
export async function readOsdiEvents(
  cfg: OsdiEventSource,
  zone: ZoneClock,
  env: NodeJS.ProcessEnv = process.env,
  options: OsdiOptions & { modifiedSince?: string } = {}
): Promise<{ events: SourcedEvent[]; skipped: EventProblem[] }> {
  const client = createOsdiClient(cfg, `OSDI events source "${cfg.name}"`, env, options);
  const events: SourcedEvent[] = [];
  const skipped: EventProblem[] = [];
  for await (const { origin, items } of client.pages(EVENTS_REL, { modifiedSince: options.modifiedSince })) {
    for (const item of items) {
      const mapped = isObject(item) ? mapOsdiEvent(item, cfg.name, zone, cfg.kinds) : 'not a JSON object';
      if (typeof mapped === 'string') skipped.push({ origin, reason: mapped });
      else events.push(mapped);
    }
  }
  if (events.length === 0 && skipped.length > 0) {
    throw new OsdiError(`OSDI events source "${cfg.name}": none of ${skipped.length} events could be read (first: ${skipped[0].reason})`);
  }
  return { events, skipped };
}
