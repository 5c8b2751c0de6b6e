/**
 * An OSDI source, incremental == full: random sequences of new people and later stages (the person modified), served
 * by the fake OSDI server (tests/support/fake-osdi.ts) with the `modified_date gt '…'` filter an incremental build
 * asks for; byte for byte after every step.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuildResources } from '../../../data-pipeline/build-resources.ts';
import { buildWith, expectSameSet, prng, STATE_ENV } from '../../support/incremental.ts';
import { writeCampaign } from '../../support/pipeline-helpers.ts';
import { startFakeOsdi, type FakeOsdi } from '../../support/fake-osdi.ts';

interface Person {
  identifiers: string[];
  created_date: string;
  modified_date: string;
  postal_addresses: Array<{ locality: string | null }>;
  custom_fields: Record<string, string>;
}

const TOKEN = 'osdi-test-token';
const CITIES = ['Москва', 'Химки', 'нск', 'Тула', 'Спрингфилд', null];
const servers: FakeOsdi[] = [];

afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('incremental builds over an OSDI source', () => {
  // Built as `watch` builds, in one long-lived process: new people and later stages are taken as a difference from
  // the sums it kept.
  it('equal a full build byte for byte after every step, and ask only for people modified since the last run', async () => {
    const resources = new BuildResources();
    const rnd = prng(21);
    const people: Person[] = [];
    const add = (n: number): void => {
      for (let i = 0; i < n; i++) {
        const day = String(1 + Math.floor(rnd() * 20)).padStart(2, '0');
        people.push({ identifiers: [`an:${people.length}`], created_date: `2024-03-${day}T09:00:00Z`, modified_date: new Date().toISOString(), postal_addresses: [{ locality: CITIES[Math.floor(rnd() * CITIES.length)] }], custom_fields: {} });
      }
    };
    const s = await startFakeOsdi(
      {},
      {
        token: TOKEN,
        fallback: (url) => {
          const m = /^modified_date gt '(.+)'$/.exec(url.searchParams.get('filter') ?? '');
          const since = m ? Date.parse(m[1]) : -Infinity;
          return { body: { _embedded: { 'osdi:people': people.filter((p) => Date.parse(p.modified_date) > since) }, _links: {} } };
        }
      }
    );
    servers.push(s);
    add(15);
    const env = { ...STATE_ENV, TEST_OSDI_TOKEN: TOKEN };
    const config = writeCampaign({ extraSources: [{ kind: 'osdi', name: 'an', url: `${s.origin}/api/v2/people`, tokenEnv: 'TEST_OSDI_TOKEN' }] });
    const incDir = mkdtempSync(join(tmpdir(), 'tb-inc-osdi-'));
    const fullDir = mkdtempSync(join(tmpdir(), 'tb-full-osdi-'));
    await buildWith(config, incDir, false, env, { resources });
    for (let step = 0; step < 6; step++) {
      let what: string;
      if (rnd() < 0.5) {
        add(1 + Math.floor(rnd() * 4));
        what = 'new people';
      } else {
        const p = people[Math.floor(rnd() * people.length)];
        p.custom_fields.phone_confirmed_at = p.created_date.replace('09:00', '18:00');
        p.modified_date = new Date().toISOString();
        what = `later stage for ${p.identifiers[0]}`;
      }
      const before = s.requests.length;
      const inc = await buildWith(config, incDir, false, env, { resources });
      expect(inc.log.some((l) => /an: \d+ row\(s\) changed since/.test(l)), what).toBe(true);
      expect(inc.log.find((l) => /^\s*sums: /.test(l)), what).toMatch(/sums kept, [1-9]\d* accepted row\(s\) added/);
      expect(s.requests[before], what).toMatch(/filter=modified_date/);
      await buildWith(config, fullDir, true, env);
      expectSameSet(join(incDir, 'out'), join(fullDir, 'out'), `step ${step} (${what})`);
    }
  }, 180_000);
});
