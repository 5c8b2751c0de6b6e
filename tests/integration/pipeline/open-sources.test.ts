import { describe, expect, it } from 'vitest';
import type { CampaignConfig } from '../../../data-pipeline/config/campaign.ts';
import { validateConfig } from '../../../data-pipeline/config/load-config.ts';
import { openSources } from '../../../data-pipeline/sources/open-sources.ts';

const base = {
  name: 'x',
  pack: 'ru',
  timeZone: 'Europe/Moscow',
  window: { start: '2024-01-01', end: '2024-02-01' },
  target: 1,
  totalCap: 1,
  regionCap: 1,
  nearKm: 50,
  headquarters: 'hq.csv',
  events: 'events.csv'
};

describe('openSources and the config schema', () => {
  it('dispatches each kind, loading OSDI and PostgreSQL readers lazily', () => {
    const config = validateConfig(
      {
        ...base,
        sources: [
          { kind: 'csv', name: 'site', path: 'r.csv' },
          { kind: 'osdi', name: 'osdi', url: 'https://osdi.example.org/api/v1', tokenEnv: 'OSDI_TOKEN' },
          { kind: 'postgres', name: 'pg', urlEnv: 'PG_URL', table: 'public.registrations' }
        ]
      },
      'campaign.json'
    ) as CampaignConfig;
    const sources = openSources(config, '/tmp');
    expect(sources.map((s) => s.name)).toEqual(['site', 'osdi', 'pg']);
    expect(typeof sources[0].batches).toBe('function');
  });
  it('names the JSON path of what is wrong', () => {
    expect(() => validateConfig({ ...base, sources: [{ kind: 'osdi', name: 'o', url: 'u' }] }, 'c.json')).toThrow("c.json: /sources/0: must have required property 'tokenEnv'");
    expect(() => validateConfig({ ...base, sources: [{ kind: 'csv', name: 's', path: 'p', profile: { columns: {}, personal: [], delimiter: ';;' } }] }, 'c.json')).toThrow(
      /c\.json: \/sources\/0\/profile/
    );
    expect(() => validateConfig({ ...base, pack: 'fr', sources: [] }, 'c.json')).toThrow(/c\.json: \/(pack: must be equal to one of the allowed values \(ru, us\)|sources: must NOT have fewer than 1 items)/);
    expect(() => validateConfig({ ...base, timeZone: 'Mars/Olympus', sources: [{ kind: 'csv', name: 's', path: 'p' }] }, 'c.json')).toThrow('c.json: /timeZone: unknown time zone "Mars/Olympus"');
  });
});
