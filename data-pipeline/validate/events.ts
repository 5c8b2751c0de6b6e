/** The events reference file (`id,time,title,kind,region_code,url`): campaign events drawn on the time series. */
import { EVENT_KINDS, type EventKind, type EventRow } from '../../shared/cube/format.ts';
import { FatalInputError } from '../fatal-input-error.ts';
import { csvObjects } from '../sources/csv/read-csv.ts';
import { parseIso } from './time.ts';
import type { ZoneClock } from '../../shared/time/zone-clock.ts';

/** Sorted by time. A bad timestamp is fatal: a few hand-written lines, better fixed than skipped. */
export async function readEvents(path: string, label: string, zone: ZoneClock): Promise<EventRow[]> {
  const events: EventRow[] = [];
  for await (const { row, values: v } of csvObjects(path, ['id', 'time', 'title', 'kind'])) {
    const t = parseIso(v.time, zone);
    if (Number.isNaN(t)) throw new FatalInputError(`${label}: row ${row}: field "time": not a timestamp: "${v.time}"`);
    const kind = (EVENT_KINDS as readonly string[]).includes(v.kind) ? (v.kind as EventKind) : 'other';
    events.push({ id: v.id, time: new Date(t).toISOString(), title: v.title, kind, regionCode: v.region_code || null, url: v.url || null });
  }
  return events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}
