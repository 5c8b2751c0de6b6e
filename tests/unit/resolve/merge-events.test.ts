import { describe, expect, it } from 'vitest';
import { mergeEvents, samePlace, similarTitles, type LocatedEvent } from '../../../data-pipeline/resolve/merge-events.ts';
import type { SourcedEvent } from '../../../data-pipeline/sources/sourced-event.ts';

function ev(source: string, id: string, time: string, title: string, more: Partial<SourcedEvent> & { at?: [number, number]; regionCode?: string | null } = {}): LocatedEvent {
  const { at, ...rest } = more;
  const event: SourcedEvent = {
    source,
    id,
    time,
    title,
    kind: 'rally',
    status: null,
    url: null,
    regionCode: null,
    place: { locality: null, region: null, lat: at?.[0] ?? null, lon: at?.[1] ?? null },
    rsvps: null,
    ...rest
  };
  return { event, location: { regionCode: more.regionCode ?? null, lat: at?.[0] ?? null, lon: at?.[1] ?? null, by: null } };
}
const place = (locality: string) => ({ locality, region: null, lat: null, lon: null });

describe('similarTitles', () => {
  it('accepts spelling, case, accents and suffix differences, rejects other events', () => {
    expect(similarTitles('Rally for Justice', 'rally for justice!')).toBe(true);
    expect(similarTitles('Rally for Justice', 'Rally 4 Justice')).toBe(true);
    expect(similarTitles('Town hall meeting', 'Town hall meeting — Springfield chapter')).toBe(true);
    expect(similarTitles('Café débat', 'Cafe debat')).toBe(true);
    expect(similarTitles('Rally for Justice', 'Phone bank night')).toBe(false);
  });
});

describe('samePlace', () => {
  it('venues within a kilometre, else the same city, else the same region when neither names a city', () => {
    expect(samePlace(ev('a', '1', 't', 'x', { at: [38.9002, -77.0359] }), ev('b', '2', 't', 'x', { at: [38.9042, -77.0359] }))).toBe(true);
    expect(samePlace(ev('a', '1', 't', 'x', { at: [38.9, -77.03] }), ev('b', '2', 't', 'x', { at: [39.29, -76.61] }))).toBe(false);
    expect(samePlace(ev('a', '1', 't', 'x', { place: place('Washington') }), ev('b', '2', 't', 'x', { place: place(' washington ') }))).toBe(true);
    expect(samePlace(ev('a', '1', 't', 'x', { place: place('Washington') }), ev('b', '2', 't', 'x', { place: place('Baltimore') }))).toBe(false);
    expect(samePlace(ev('a', '1', 't', 'x', { regionCode: 'US-DC' }), ev('b', '2', 't', 'x', { regionCode: 'US-DC' }))).toBe(true);
    expect(samePlace(ev('a', '1', 't', 'x'), ev('b', '2', 't', 'x'))).toBe(false);
  });
});

describe('mergeEvents', () => {
  it('makes one event of one rally listed by two systems, keeping both sources, the first source’s id and the largest RSVP count', () => {
    const r = mergeEvents([
      ev('an', 'an:1', '2024-03-14T12:00:00.000Z', 'Rally for Justice', { at: [38.9002, -77.0359], rsvps: 14, url: null, regionCode: 'US-DC' }),
      ev('mobilize', 'mz:9', '2024-03-14T12:30:00.000Z', 'Rally for justice', { at: [38.9003, -77.036], rsvps: 20, url: 'https://m.example/9', regionCode: 'US-DC' })
    ]);
    expect(r.merged).toBe(1);
    expect(r.keptApart).toBe(0);
    expect(r.events).toEqual([
      { id: 'an:1', time: '2024-03-14T12:00:00.000Z', title: 'Rally for Justice', kind: 'rally', regionCode: 'US-DC', url: 'https://m.example/9', sources: ['an', 'mobilize'], rsvps: 20, lat: 38.9002, lon: -77.0359 }
    ]);
  });

  it('keeps apart: more than an hour apart, different titles at the same place (each such pair counted), two listings in one source', () => {
    const r = mergeEvents([
      ev('an', 'an:1', '2024-03-14T12:00:00.000Z', 'Rally for Justice', { place: place('Austin') }),
      ev('mz', 'mz:1', '2024-03-14T13:30:00.000Z', 'Rally for Justice', { place: place('Austin') }),
      ev('mz', 'mz:2', '2024-03-14T12:10:00.000Z', 'Phone bank night', { place: place('Austin') }),
      ev('an', 'an:2', '2024-03-14T12:20:00.000Z', 'Rally for Justice', { place: place('Austin') })
    ]);
    expect(r.merged).toBe(0);
    expect(r.keptApart).toBe(2);
    expect(r.events.map((e) => e.id)).toEqual(['an:1', 'mz:2', 'an:2', 'mz:1']);
  });

  it('a merged event is cancelled only when every system says so', () => {
    const both = (s1: 'cancelled' | 'confirmed', s2: 'cancelled' | 'confirmed') =>
      mergeEvents([
        ev('an', 'an:1', '2024-03-14T12:00:00.000Z', 'Vigil', { status: s1, regionCode: 'US-IL' }),
        ev('csv', 'c1', '2024-03-14T12:00:00.000Z', 'Vigil', { status: s2, regionCode: 'US-IL' })
      ]).events[0].status;
    expect(both('cancelled', 'cancelled')).toBe('cancelled');
    expect(both('cancelled', 'confirmed')).toBe('confirmed');
  });

  it('leaves a single-source event as it was, with its source and without invented fields', () => {
    const r = mergeEvents([ev('events.csv', 'e1', '2024-03-01T10:00:00.000Z', 'Video', { kind: 'video', regionCode: 'US-TX' })]);
    expect(r.events).toEqual([{ id: 'e1', time: '2024-03-01T10:00:00.000Z', title: 'Video', kind: 'video', regionCode: 'US-TX', url: null, sources: ['events.csv'] }]);
  });
});
