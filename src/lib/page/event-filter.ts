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

/**
 * A data set's events in time order with each one's hour, made once per events array: every brush move asks for
 * a new period, and parsing every event's time again on each move cost more than the rest of the list's update.
 */
const timeOrders = new WeakMap<readonly EventRow[], { events: EventRow[]; hours: number[] }>();

function inTimeOrder(events: readonly EventRow[]): { events: EventRow[]; hours: number[] } {
  let order = timeOrders.get(events);
  if (!order) {
    const sorted = [...events].sort((a, b) => a.time.localeCompare(b.time));
    order = { events: sorted, hours: sorted.map((e) => hourOfIso(e.time)) };
    timeOrders.set(events, order);
  }
  return order;
}

/** Events starting within [from, to) hours, in time order, passing the filter. */
export function eventsInPeriod(events: readonly EventRow[], period: readonly [number, number], filter: EventFilter = NO_EVENT_FILTER): EventRow[] {
  const order = inTimeOrder(events);
  return order.events.filter((e, i) => {
    const h = order.hours[i];
    if (h < period[0] || h >= period[1]) return false;
    if (filter.kind !== null && e.kind !== filter.kind) return false;
    return filter.source === null || eventSourcesOf(e).includes(filter.source);
  });
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
