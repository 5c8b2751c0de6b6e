/**
 * Which campaign events a view shows: those of the brushed period, optionally of one kind and one source. Shared
 * by the events list and the map's events layer so that both show the same events for the same period.
 */
import type { EventKind, EventRow } from '$shared/cube/format';
import { hourOfIso } from '$shared/time/hours';

export interface EventFilter {
  kind: EventKind | null;
  source: string | null;
}

export const NO_EVENT_FILTER: EventFilter = { kind: null, source: null };

/** Data sets from before event sources had one CSV; its events name no source. */
const LEGACY_SOURCE = 'CSV';

export function eventSourcesOf(e: EventRow): string[] {
  return e.sources ?? [LEGACY_SOURCE];
}

/** Events starting within [from, to) hours, in time order, passing the filter. */
export function eventsInPeriod(events: readonly EventRow[], period: readonly [number, number], filter: EventFilter = NO_EVENT_FILTER): EventRow[] {
  return events
    .filter((e) => {
      const h = hourOfIso(e.time);
      if (h < period[0] || h >= period[1]) return false;
      if (filter.kind !== null && e.kind !== filter.kind) return false;
      return filter.source === null || eventSourcesOf(e).includes(filter.source);
    })
    .sort((a, b) => a.time.localeCompare(b.time));
}

/** The kinds and sources present in the data set: the filter offers only these, and none when there is no choice. */
export function eventFacets(events: readonly EventRow[]): { kinds: EventKind[]; sources: string[] } {
  const kinds = new Set<EventKind>();
  const sources = new Set<string>();
  for (const e of events) {
    kinds.add(e.kind);
    for (const s of eventSourcesOf(e)) sources.add(s);
  }
  return { kinds: [...kinds].sort(), sources: [...sources].sort() };
}
