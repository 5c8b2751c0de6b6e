import { describe, expect, it } from 'vitest';
import { computeReadiness } from '../../../shared/metrics/readiness.ts';
import { createEngine } from '../../../shared/scan/scan-engine.ts';
import { DAY_MS, T0, tinyDataset } from '../../support/tiny-dataset.ts';

const row = (rows: ReturnType<typeof computeReadiness>, code: string) => rows.find((r) => r.code === code)!;

describe('readiness as of today', () => {
  it('counts supporters who registered before their city got a headquarters as available once it opened', () => {
    const engine = createEngine(tinyDataset());
    const rows = computeReadiness(engine.dataset, engine.regional());
    // Tula: 30 + 20 registered while far, 7 + 3 after the opening; all of them can come and sign now.
    expect(row(rows, 'RU-TUL')).toMatchObject({ available: 60, headquarters: 1 });
    expect(row(rows, 'RU-OMS')).toMatchObject({ available: 0, headquarters: 0 });
    // The distance chart and filter keep the class at registration.
    const byDistance = engine.byDistance();
    expect(byDistance.get('far')?.future).toBe(30 + 20 + 40 + 5);
    expect(byDistance.get('city')?.future).toBe(10);
    engine.setFilters({ distance: ['far'] });
    expect(row(computeReadiness(engine.dataset, engine.regional()), 'RU-TUL').available).toBe(50);
  });

  it('follows the network of the data set, not the one after it', () => {
    const engine = createEngine(tinyDataset({ asOfMs: T0 + 5 * DAY_MS }));
    const rows = computeReadiness(engine.dataset, engine.regional());
    expect(row(rows, 'RU-TUL')).toMatchObject({ available: 0, headquarters: 0 });
  });
});
