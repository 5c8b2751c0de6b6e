/** A build whose `events` lists the CSV and an OSDI server: one merged list in events.json, the merge in the log. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../shared/cube/dataset.ts';
import { startFakeOsdi, type FakeOsdi } from '../../support/fake-osdi.ts';
import { build, writeCampaign } from '../../support/pipeline-helpers.ts';

const TOKEN = 'build-ev-t0ken-4242';
const TOKEN_ENV = 'TALLYBOARD_TEST_EVENTS_TOKEN';
let server: FakeOsdi | null = null;
afterAll(async () => {
  await server?.close();
  delete process.env[TOKEN_ENV];
});

const located = (title: string, start: string, status: string, rsvps: number) => ({
  identifiers: [`an:${title}`],
  title,
  start_date: start,
  status,
  total_accepted: rsvps,
  location: { locality: 'Москва', region: 'Москва', location: { latitude: 55.7558, longitude: 37.6173 } }
});

describe('build with events from a CSV and an OSDI server', () => {
  it('publishes one list with sources, status and RSVPs, and logs the merge', async () => {
    server = await startFakeOsdi(
      {
        '/api/v2/events': {
          body: { _links: {}, _embedded: { 'osdi:events': [located('Rally', '2024-03-06T12:20:00+03:00', 'confirmed', 250), located('Picket', '2024-03-07T10:00:00+03:00', 'cancelled', 30)] } }
        }
      },
      { token: TOKEN }
    );
    process.env[TOKEN_ENV] = TOKEN;
    const config = writeCampaign({ config: { events: ['events.csv', { kind: 'osdi', name: 'an', url: `${server.origin}/api/v2/events`, tokenEnv: TOKEN_ENV }] } });
    const r = await build(config);
    const ds = await loadDataset(async (p) => new Uint8Array(await readFile(join(r.outDir, p))));
    expect(ds.events.map((e) => [e.id, e.sources, e.status, e.rsvps, e.regionCode])).toEqual([
      ['ev-1', ['events.csv'], undefined, undefined, null],
      ['ev-2', ['events.csv', 'an'], 'confirmed', 250, 'RU-MOW'],
      ['an:Picket', ['an'], 'cancelled', 30, 'RU-MOW']
    ]);
    const line = r.log.find((l) => l.includes('reference files'))!;
    expect(line).toContain('read events.csv 2, an 2; 1 merged as listed twice');
    expect(r.log.join('\n')).not.toContain(TOKEN);
  });
});
