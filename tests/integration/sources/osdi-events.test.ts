/**
 * Events from OSDI servers (the project's fake one) through the whole events reader: paging, the kind mapping, a
 * cancelled event, regions found by name, by locality and by shape, an unknown region, the same rally from two
 * systems merged, the modified_date filter, and a token that never reaches a log line or an error message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadPack, loadShapes } from '../../../geo/pack.ts';
import type { OsdiEventSource } from '../../../data-pipeline/config/campaign.ts';
import { createCityResolver } from '../../../data-pipeline/resolve/city-resolver.ts';
import { createEventLocator } from '../../../data-pipeline/resolve/event-region.ts';
import { readOsdiEvents } from '../../../data-pipeline/sources/osdi/events.ts';
import { readEvents } from '../../../data-pipeline/validate/events.ts';
import { ZoneClock } from '../../../shared/time/zone-clock.ts';
import { startFakeOsdi, type FakeOsdi, type Route } from '../../support/fake-osdi.ts';

const TOKEN = 'tok-ev3nts-5ecret-77aa';
const ENV = { AN_TOKEN: TOKEN, MZ_TOKEN: TOKEN };
const zone = new ZoneClock('America/Chicago');
const pack = loadPack('us');
const locate = createEventLocator(pack, loadShapes('us'), createCityResolver(pack));
const HOST = 'https://osdi.example.org';

interface Ev {
  id: string;
  title: string;
  start?: string;
  type?: string;
  status?: string;
  rsvps?: number;
  locality?: string;
  region?: string;
  at?: [number, number];
}
function osdiEvent(e: Ev): object {
  return {
    identifiers: [e.id],
    title: e.title,
    description: '<p>Bring Olivia Testperson and a sign.</p>',
    start_date: e.start,
    type: e.type,
    status: e.status,
    total_accepted: e.rsvps,
    browser_url: `${HOST}/events/${e.id}`,
    location: {
      venue: 'Lincoln Square',
      address_lines: ['12 Example Street'],
      locality: e.locality,
      region: e.region,
      postal_code: '62701',
      ...(e.at ? { location: { latitude: e.at[0], longitude: e.at[1] } } : {})
    },
    _links: { self: { href: `${HOST}/api/v2/events/${e.id}` }, 'osdi:attendances': { href: `${HOST}/api/v2/events/${e.id}/attendances` } }
  };
}
function page(events: Ev[], next?: string): object {
  return { page: 1, _links: next ? { next: { href: next } } : {}, _embedded: { 'osdi:events': events.map(osdiEvent) } };
}

const AN_PAGES: Record<string, Route> = {
  '/api/v2/events': [
    { status: 503 },
    {
      body: page(
        [
          { id: 'an:1', title: 'Rally for Justice', start: '2024-03-14T17:00:00Z', type: 'Rally', status: 'confirmed', rsvps: 40, locality: 'Springfield', region: 'IL', at: [39.8017, -89.6437] },
          { id: 'an:2', title: 'Phone bank', start: '2024-03-15T23:00:00Z', type: 'open', status: 'cancelled', rsvps: 5, locality: 'Chicago', region: 'IL', at: [41.8781, -87.6298] }
        ],
        '/api/v2/events?page=2'
      )
    }
  ],
  '/api/v2/events?page=2': {
    body: page([
      // Without coordinates: the region from its name, the map point from the resolved city.
      { id: 'an:3', title: 'Town hall', start: '2024-03-16T18:00:00Z', status: 'tentative', rsvps: 12, locality: 'Austin', region: 'TX' },
      // A region the pack does not know and a locality nobody can resolve: the shape holding the venue (Denver).
      { id: 'an:4', title: 'Canvass', start: '2024-03-17T15:00:00Z', rsvps: 8, locality: 'Nowhereville', region: 'Narnia', at: [39.7392, -104.9903] },
      // Nothing known at all: no region, no point, still listed.
      { id: 'an:5', title: 'Meetup', start: '2024-03-18T15:00:00Z', region: 'Atlantis' },
      // A draft without a date cannot be placed in time: skipped and said so.
      { id: 'an:6', title: 'Draft' }
    ])
  },
  '/mz/events': {
    body: page([{ id: 'mz:77', title: 'Rally for justice!', start: '2024-03-14T17:30:00Z', type: 'rally', status: 'confirmed', rsvps: 55, locality: 'Springfield', region: 'Illinois', at: [39.8012, -89.644] }])
  }
};

let servers: FakeOsdi[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
const dir = mkdtempSync(join(tmpdir(), 'tallyboard-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(routes: Record<string, Route>): Promise<FakeOsdi> {
  const s = await startFakeOsdi(routes, { token: TOKEN });
  servers.push(s);
  return s;
}

const an = (origin: string): OsdiEventSource => ({ kind: 'osdi', name: 'an', url: `${origin}/api/v2/events`, tokenEnv: 'AN_TOKEN', kinds: { Rally: 'rally' } });

describe('events from OSDI', () => {
  it('reads every page, merges the rally two systems list, finds regions, keeps the cancelled event, never logs the token', async () => {
    const s = await serve(AN_PAGES);
    writeFileSync(join(dir, 'events.csv'), 'id,time,title,kind,region_code,url\ne1,2024-03-10T12:00:00Z,Campaign video,video,,https://v.example/1\n');
    const logs: string[] = [];
    const config = { events: ['events.csv', an(s.origin), { kind: 'osdi' as const, name: 'mobilize', url: `${s.origin}/mz/events`, tokenEnv: 'MZ_TOKEN' }] };
    const read = await readEvents(config, (p) => join(dir, p), zone, locate, { env: ENV, osdi: { retryBaseMs: 5, log: (m) => logs.push(m) } });

    expect(s.requests).toEqual(['/api/v2/events', '/api/v2/events', '/api/v2/events?page=2', '/mz/events']);
    expect(read.events.map((e) => e.id)).toEqual(['e1', 'an:1', 'an:2', 'an:3', 'an:4', 'an:5']);
    const [video, rally, phone, townHall, canvass, meetup] = read.events;
    expect(video).toEqual({ id: 'e1', time: '2024-03-10T12:00:00.000Z', title: 'Campaign video', kind: 'video', regionCode: null, url: 'https://v.example/1', sources: ['events.csv'] });
    expect(rally).toEqual({
      id: 'an:1',
      time: '2024-03-14T17:00:00.000Z',
      title: 'Rally for Justice',
      kind: 'rally',
      regionCode: 'US-IL',
      url: `${s.origin}/events/an:1`,
      sources: ['an', 'mobilize'],
      status: 'confirmed',
      rsvps: 55,
      lat: 39.8017,
      lon: -89.6437
    });
    expect(phone).toMatchObject({ kind: 'other', status: 'cancelled', rsvps: 5, regionCode: 'US-IL', sources: ['an'] });
    expect(townHall).toMatchObject({ regionCode: 'US-TX', status: 'tentative', rsvps: 12 });
    expect(townHall.lat).toBeCloseTo(30.27, 1);
    expect(canvass).toMatchObject({ regionCode: 'US-CO', lat: 39.7392, lon: -104.9903 });
    expect(meetup).toEqual({ id: 'an:5', time: '2024-03-18T15:00:00.000Z', title: 'Meetup', kind: 'other', regionCode: null, url: `${s.origin}/events/an:5`, sources: ['an'] });

    expect(read.summary).toContain('6 events');
    expect(read.summary).toContain('1 merged as listed twice');
    expect(read.summary).toContain('1 cancelled');
    expect(read.summary).toContain('regions by name 4, by locality 0, by shape 1, not found 1');
    expect(read.summary).toContain('an: 1 skipped (first: an:6: start_date is not a timestamp');
    expect(logs.some((l) => l.includes('503'))).toBe(true);
    const published = JSON.stringify(read.events);
    for (const personal of ['Olivia', '12 Example Street', '62701', 'Lincoln Square', 'attendances']) expect(published).not.toContain(personal);
    for (const text of [...logs, read.summary, published]) expect(text).not.toContain(TOKEN);
    expect(s.tokens.every((t) => t === TOKEN)).toBe(true);
  });

  it('a locality alone finds its region through the city resolver', () => {
    const place = { locality: 'Sacramento', region: null, lat: null, lon: null };
    const event = { source: 'an', id: 'x', time: '2024-03-01T00:00:00.000Z', title: 'x', kind: 'other' as const, status: null, url: null, regionCode: null, place, rsvps: null };
    expect(locate(event)).toMatchObject({ regionCode: 'US-CA', by: 'locality' });
  });

  it('asks only for events modified since the last run (OSDI modified_date filter), the filter kept on the entry point', async () => {
    const since = '2024-03-01T00:00:00Z';
    const query = new URLSearchParams({ filter: `modified_date gt '${since}'` }).toString();
    const s = await serve({ [`/api/v2/events?${query}`]: { body: page([{ id: 'an:9', title: 'Changed', start: '2024-03-20T10:00:00Z' }]) } });
    const { events } = await readOsdiEvents(an(s.origin), zone, ENV, { modifiedSince: since, log: () => {} });
    expect(events.map((e) => e.id)).toEqual(['an:9']);
    expect(s.requests).toEqual([`/api/v2/events?${query}`]);
  });

  it('a refused token is named by its variable, never by its value', async () => {
    const s = await serve(AN_PAGES);
    const err = await readOsdiEvents(an(s.origin), zone, { AN_TOKEN: `${TOKEN}-wrong` }, { log: () => {} }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('401');
    expect((err as Error).message).toContain('AN_TOKEN');
    expect((err as Error).message).not.toContain(TOKEN);
  });
});
