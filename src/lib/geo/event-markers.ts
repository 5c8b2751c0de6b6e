/**
 * The map's events layer: the brushed period's events that have a venue, as marker points sized by RSVPs and laid
 * out by placeMarkers like the headquarters. Cancelled events are left off the map: a dot says "something
 * happened here", which they did not; the events list still shows them, marked.
 */
import { isCancelled, type EventRow } from '$shared/cube/format';
import type { MarkerPoint } from './markers';

export interface EventMarkers {
  points: MarkerPoint[];
  /** RSVPs per event id (0 when unknown): the marker's size. */
  rsvps: Map<string, number>;
}

export function eventMarkers(events: readonly EventRow[]): EventMarkers {
  const points: MarkerPoint[] = [];
  const rsvps = new Map<string, number>();
  for (const e of events) {
    if (e.lat === undefined || e.lon === undefined || isCancelled(e)) continue;
    points.push({ id: e.id, name: e.title, city: '', regionCode: e.regionCode ?? '', lat: e.lat, lon: e.lon });
    rsvps.set(e.id, e.rsvps ?? 0);
  }
  return { points, rsvps };
}
