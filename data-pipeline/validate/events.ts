/**
 * The campaign's events, from every configured source: CSV files (`id,time,title,kind,region_code,url`) and OSDI
 * events collections, each event placed in a region (resolve/event-region.ts), the same event from several sources
 * merged into one (resolve/merge-events.ts). What the build log says about them is returned with them.
 */
import { EVENT_KINDS, type EventKind, type EventRow } from '../../shared/cube/format.ts';
import type { ZoneClock } from '../../shared/time/zone-clock.ts';
import { eventSources, type CampaignConfig } from '../config/campaign.ts';
import { FatalInputError } from '../fatal-input-error.ts';
import type { EventLocator } from '../resolve/event-region.ts';
import { mergeEvents, type LocatedEvent } from '../resolve/merge-events.ts';
import { csvObjects } from '../sources/csv/read-csv.ts';
import type { OsdiOptions } from '../sources/osdi/client.ts';
import { readOsdiEvents } from '../sources/osdi/events.ts';
import type { SourcedEvent } from '../sources/sourced-event.ts';
import { parseIso } from './time.ts';

/** A bad timestamp is fatal: a few hand-written lines, better fixed than skipped. */
async function readEventsCsv(path: string, label: string, zone: ZoneClock): Promise<SourcedEvent[]> {
  const events: SourcedEvent[] = [];
  for await (const { row, values: v } of csvObjects(path, ['id', 'time', 'title', 'kind'])) {
    const t = parseIso(v.time, zone);
    if (Number.isNaN(t)) throw new FatalInputError(`${label}: row ${row}: field "time": not a timestamp: "${v.time}"`);
    const kind = (EVENT_KINDS as readonly string[]).includes(v.kind) ? (v.kind as EventKind) : 'other';
    const place = { locality: null, region: null, lat: null, lon: null };
    events.push({ source: label, id: v.id, time: new Date(t).toISOString(), title: v.title, kind, status: null, url: v.url || null, regionCode: v.region_code || null, place, rsvps: null });
  }
  return events;
}

export interface EventsRead {
  events: EventRow[];
  /** One line for the build log: counts per source, the merge, how regions were found. */
  summary: string;
}

export interface EventReadOptions {
  env?: NodeJS.ProcessEnv;
  osdi?: OsdiOptions;
  /** Only OSDI events modified after this ISO time (incremental builds); CSV files are always read whole. */
  modifiedSince?: string;
}

export async function readEvents(config: Pick<CampaignConfig, 'events'>, resolvePath: (p: string) => string, zone: ZoneClock, locate: EventLocator, options: EventReadOptions = {}): Promise<EventsRead> {
  const located: LocatedEvent[] = [];
  const perSource: string[] = [];
  const skippedNotes: string[] = [];
  for (const src of eventSources(config)) {
    let read: SourcedEvent[];
    if (typeof src === 'string') read = await readEventsCsv(resolvePath(src), src, zone);
    else {
      const osdi = await readOsdiEvents(src, zone, options.env, { ...options.osdi, modifiedSince: options.modifiedSince });
      read = osdi.events;
      if (osdi.skipped.length > 0) skippedNotes.push(`${src.name}: ${osdi.skipped.length} skipped (first: ${osdi.skipped[0].reason})`);
    }
    perSource.push(`${typeof src === 'string' ? src : src.name} ${read.length}`);
    for (const event of read) located.push({ event, location: locate(event) });
  }
  const { events, merged, keptApart } = mergeEvents(located);
  const by = { region: 0, locality: 0, shape: 0, none: 0 };
  for (const { event, location } of located) {
    if (location.by === 'region' || location.by === 'locality' || location.by === 'shape') by[location.by]++;
    else if (location.by === null && (event.place.locality !== null || event.place.region !== null || event.place.lat !== null)) by.none++;
  }
  const cancelled = events.filter((e) => e.status === 'cancelled').length;
  const parts = [
    `${events.length} events`,
    ...(perSource.length > 1 ? [`read ${perSource.join(', ')}; ${merged} merged as listed twice, ${keptApart} same-hour same-place pair(s) kept apart`] : []),
    ...(by.region + by.locality + by.shape + by.none > 0 ? [`regions by name ${by.region}, by locality ${by.locality}, by shape ${by.shape}, not found ${by.none}`] : []),
    ...(cancelled > 0 ? [`${cancelled} cancelled`] : []),
    ...skippedNotes
  ];
  return { events, summary: parts.join('; ') };
}
