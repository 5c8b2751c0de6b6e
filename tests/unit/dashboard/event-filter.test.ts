import { describe, expect, it } from 'vitest';
import { feature } from 'topojson-client';
import type { FeatureCollection } from 'geojson';
import type { GeometryCollection } from 'topojson-specification';
import { loadShapes } from '../../../geo/pack.ts';
import type { EventRow } from '../../../shared/cube/format.ts';
import { eventFacets, eventsInPeriod, eventSourcesOf } from '../../../src/lib/page/event-filter.ts';
import { eventMarkers } from '../../../src/lib/geo/event-markers.ts';
import { maxOverlap, placeMarkers } from '../../../src/lib/geo/markers.ts';
import { makeProjection, projectionSpecFor } from '../../../src/lib/geo/projection.ts';

const H = 3_600_000;
const at = (hour: number) => new Date(hour * H).toISOString();
const row = (id: string, hour: number, more: Partial<EventRow> = {}): EventRow => ({ id, time: at(hour), title: id, kind: 'rally', regionCode: null, url: null, ...more });

const events: EventRow[] = [
  row('old-csv', 10, { kind: 'video' }),
  row('an-1', 12, { sources: ['an'], rsvps: 40, lat: 41.88, lon: -87.63, regionCode: 'US-IL' }),
  row('both', 11, { sources: ['an', 'mobilize'], rsvps: 300, lat: 41.881, lon: -87.631, regionCode: 'US-IL' }),
  row('cancelled', 13, { sources: ['mobilize'], status: 'cancelled', rsvps: 9, lat: 30.27, lon: -97.74 }),
  row('later', 30, { sources: ['an'] })
];

describe('events shown for a period', () => {
  it('a data set from before event sources: its events come from the CSV', () => {
    expect(eventSourcesOf(events[0])).toEqual(['CSV']);
  });

  it('the period’s events in time order, by kind and by source (an event from two sources passes either)', () => {
    expect(eventsInPeriod(events, [10, 20]).map((e) => e.id)).toEqual(['old-csv', 'both', 'an-1', 'cancelled']);
    expect(eventsInPeriod(events, [10, 20], { kind: 'video', source: null }).map((e) => e.id)).toEqual(['old-csv']);
    expect(eventsInPeriod(events, [10, 20], { kind: null, source: 'mobilize' }).map((e) => e.id)).toEqual(['both', 'cancelled']);
    expect(eventsInPeriod(events, [10, 20], { kind: 'rally', source: 'an' }).map((e) => e.id)).toEqual(['both', 'an-1']);
  });

  it('offers the kinds and sources present', () => {
    expect(eventFacets(events)).toEqual({ kinds: ['rally', 'video'], sources: ['CSV', 'an', 'mobilize'] });
  });

  it('the map layer: located events that happened, sized by RSVPs, none hiding another', () => {
    const { points, rsvps } = eventMarkers(eventsInPeriod(events, [10, 20]));
    expect(points.map((p) => p.id)).toEqual(['both', 'an-1']);
    expect(rsvps).toEqual(new Map([['both', 300], ['an-1', 40]]));
    const topo = loadShapes('us');
    const shapes = feature(topo, topo.objects.regions as GeometryCollection) as FeatureCollection;
    const projection = makeProjection(projectionSpecFor({ pack: 'us' } as Parameters<typeof projectionSpecFor>[0]), shapes, [960, 600]);
    const markers = placeMarkers(points, rsvps, (p) => projection(p), 960);
    expect(markers.find((m) => m.id === 'both')!.r).toBeGreaterThan(markers.find((m) => m.id === 'an-1')!.r);
    expect(maxOverlap(markers)).toBeLessThan(0.5);
  });
});
