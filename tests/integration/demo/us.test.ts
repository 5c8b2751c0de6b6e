import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../data-pipeline/config/load-config.ts';
import type { SourceProfile } from '../../../data-pipeline/config/campaign.ts';
import { generateDemo } from '../../../data-pipeline/demo/generate.ts';
import { REGISTRATION_HEADER } from '../../../data-pipeline/demo/registrations.ts';

const root = mkdtempSync(join(tmpdir(), 'tallyboard-demo-us-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tallyboard demo --pack us (small)', () => {
  it('writes a US campaign: states, New York time, English cities with "City, ST" forms', async () => {
    const out = join(root, 'us');
    const { stats, prepared } = await generateDemo({ pack: 'us', registrations: 8_000, seed: 'us', out });
    const config = validateConfig(JSON.parse(readFileSync(join(out, 'campaign.json'), 'utf8')), 'campaign.json');
    expect(config.pack).toBe('us');
    expect(config.timeZone).toBe('America/New_York');
    expect(config.regionCap).toBe(5000);
    expect(prepared.headquarters.length).toBeGreaterThanOrEqual(70);
    expect(prepared.events.length).toBeGreaterThanOrEqual(100);
    const [header, ...rows] = parse(readFileSync(join(out, 'registrations.csv'), 'utf8'), { relax_column_count: true }) as string[][];
    expect(header.join(',')).toBe(REGISTRATION_HEADER);
    expect(rows.length).toBe(stats.site);
    const cities = rows.filter((r) => r.length === 12).map((r) => r[6]);
    expect(cities.some((c) => /^[A-Z][a-z]+.*, [A-Z]{2}$/.test(c))).toBe(true);
    expect(cities.filter((c) => /[а-я]/i.test(c))).toEqual([]);
    // Both offsets of New York time appear (EST and EDT).
    const offsets = new Set(rows.filter((r) => r.length === 12).map((r) => r[1].slice(-6)));
    expect(offsets.has('-05:00') && offsets.has('-04:00')).toBe(true);
    const profile = (config.sources[1] as { profile: SourceProfile }).profile;
    const [ph] = parse(iconv.decode(readFileSync(join(out, 'partner.csv')), profile.encoding!), { delimiter: ';', to_line: 1 }) as string[][];
    for (const col of Object.values(profile.columns)) expect(ph).toContain(col);
  });

  it('handles tiny sizes', async () => {
    const out = join(root, 'tiny');
    const { stats } = await generateDemo({ pack: 'ru', registrations: 3, seed: 'tiny', out });
    expect(stats.site + stats.partner).toBe(3);
  });
});
