import { describe, expect, it } from 'vitest';
import { filtersFromQuery, queryFromFilters } from '../../../shared/link/filter-query.ts';

const dims = { region: ['RU-MOW', 'RU-SPE', 'UNKNOWN'], source: ['site', 'partner'], distance: ['city', 'near', 'far', 'unknown'], channel: [], gateway: [], status: [] };
const h = (iso: string) => Date.parse(iso) / 3_600_000;

describe('url state', () => {
  it('round-trips every filter', () => {
    const f = { hours: [h('2017-12-10T15:00Z'), h('2017-12-12T00:00Z')] as [number, number], regions: ['RU-MOW', 'RU-SPE'], sources: ['partner'], distance: ['near'], stage: 'phone' as const };
    const q = queryFromFilters(f);
    expect(q).toBe('?from=2017-12-10T15:00Z&to=2017-12-12T00:00Z&region=RU-MOW,RU-SPE&source=partner&distance=near&stage=phone');
    expect(filtersFromQuery(q, dims)).toEqual(f);
  });

  it('leaves defaults out of the URL', () => {
    expect(queryFromFilters({ hours: null, regions: [], sources: [], distance: [], stage: 'registered' })).toBe('');
    expect(filtersFromQuery('', dims)).toEqual({ hours: null, regions: [], sources: [], distance: [], stage: 'registered' });
  });

  it('accepts short ISO hours and drops what it does not know', () => {
    const f = filtersFromQuery('?from=2017-12-10T15&to=2017-12-10T18&region=RU-MOW,XX-NOPE&stage=bogus&source=', dims);
    expect(f.hours).toEqual([h('2017-12-10T15:00Z'), h('2017-12-10T18:00Z')]);
    expect(f.regions).toEqual(['RU-MOW']);
    expect(f.stage).toBe('registered');
    expect(f.sources).toEqual([]);
  });

  it('ignores a reversed or half range', () => {
    expect(filtersFromQuery('?from=2017-12-10T15&to=2017-12-10T10', dims).hours).toBeNull();
    expect(filtersFromQuery('?from=2017-12-10T15', dims).hours).toBeNull();
  });
});
