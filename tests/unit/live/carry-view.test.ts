import { describe, expect, it } from 'vitest';
import type { Manifest } from '$shared/cube/format';
import { carryDomain, carryFilters } from '$lib/page/carry-view';

const dims = (region: string[]) => ({ region, source: ['site'], distance: ['city', 'near'], channel: [], gateway: [], status: [] }) as Manifest['dimensions'];

describe('carryFilters', () => {
  it('keeps every filter by its code and drops codes the new data lacks', () => {
    const f = carryFilters({ hours: [100, 124], regions: ['RU-MOW', 'RU-SPE'], sources: ['site'], distance: ['near'], stage: 'phone' }, dims(['RU-TVE', 'RU-MOW']));
    expect(f).toEqual({ hours: [100, 124], regions: ['RU-MOW'], sources: ['site'], distance: ['near'], stage: 'phone' });
  });
});

describe('carryDomain', () => {
  it('grows a whole-campaign view with the new hours and keeps a zoomed window where it was', () => {
    expect(carryDomain([0, 100], [0, 100], [0, 103])).toEqual([0, 103]);
    expect(carryDomain([0, 100], [20, 60], [0, 103])).toEqual([20, 60]);
  });
});
