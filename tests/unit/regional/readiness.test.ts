import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../shared/cube/dataset.ts';
import type { FilterState, RegionalScan } from '../../../shared/scan/types.ts';
import { recentDays } from '../../../shared/scan/regional-query.ts';
import { createEngine } from '../../../shared/scan/scan-engine.ts';
import { deadlineHour } from '../../../shared/metrics/campaign-figures.ts';
import {
  computeReadiness,
  filterReadiness,
  readinessFigures,
  readinessTotal,
  sortReadiness,
  statusSummary
} from '../../../shared/metrics/readiness.ts';
import { buildSyntheticParts } from '../../support/synthetic-dataset.ts';
import { loadSynthetic } from '../../support/load-synthetic.ts';

const ALL: FilterState = { hours: null, regions: [], sources: [], distance: [], stage: 'registered' };

describe('readiness', () => {
  let dataset: Dataset;
  let regional: (filters: FilterState) => RegionalScan;
  beforeAll(async () => {
    dataset = await loadSynthetic();
    const engine = createEngine(dataset);
    regional = (filters) => {
      engine.setFilters(filters);
      return engine.regional();
    };
  });

  it('counts the rows by status for the sum row, most urgent first', () => {
    const rows = computeReadiness(dataset, regional(ALL));
    const summary = statusSummary(rows);
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    const expected = [
      [count('at-risk'), 'at risk'],
      [count('on-track'), 'on track'],
      [count('capped'), 'capped'],
      [count('no-cap'), 'without cap']
    ]
      .filter(([n]) => n !== 0)
      .map(([n, label]) => `${n} ${label}`);
    expect(summary).toBe(expected.join(' · '));
    const capped = { ...rows[0], status: 'capped' as const };
    const atRisk = { ...rows[0], status: 'at-risk' as const };
    expect(statusSummary([capped, atRisk, capped])).toBe('1 at risk · 2 capped');
    expect(statusSummary([])).toBe('');
  });

  it('finds whole local days and the deadline in the campaign time zone', () => {
    const end = Date.UTC(2018, 0, 10, 12) / 3_600_000; // 15:00 Moscow
    const r = recentDays(end - 30 * 24, end, 'Europe/Moscow');
    expect(r.days).toBe(7);
    expect(r.to).toBe(Date.UTC(2018, 0, 9, 21) / 3_600_000); // Moscow midnight
    expect(recentDays(end - 20, end, 'Europe/Moscow').days).toBe(0);
    const campaign = { ...dataset.manifest.campaign, window: { start: '2017-12-27', end: '2018-01-31' } };
    expect(deadlineHour(campaign)).toBe(Date.UTC(2018, 0, 31, 21) / 3_600_000);
  });

  it('reconciles the sum row with the cube totals and an independent sum', () => {
    const rows = computeReadiness(dataset, regional(ALL));
    const total = readinessTotal(rows, readinessFigures(dataset.manifest.campaign, rows));
    expect(total.registered).toBe(dataset.manifest.totals.registrations.registered);
    expect(total.future).toBe(dataset.manifest.totals.registrations.future);
    const parts = buildSyntheticParts();
    const c = parts.registrations.columns;
    let available = 0;
    for (let i = 0; i < parts.registrations.rows; i++) if (c.distance[i] <= 1) available += c.future[i];
    expect(total.available).toBe(available);
    expect(total.cap).toBe(400 * dataset.regions.length);
    // 19 headquarters are open at the end (one closed on day 40).
    expect(total.headquarters).toBe(19);
  });

  it('follows the filters: time range, source, distance and the region filter', () => {
    const hours: [number, number] = [dataset.manifest.hours.first, dataset.manifest.hours.first + 24 * 10];
    const filters: FilterState = { ...ALL, hours, sources: ['site'], distance: ['city'], regions: ['RU-MOW', 'RU-NVS'] };
    const rows = computeReadiness(dataset, regional(filters), filters.regions);
    expect(rows.map((r) => r.code).sort()).toEqual(['RU-MOW', 'RU-NVS']);
    const { columns: c, rows: n } = dataset.registrations;
    const dims = dataset.manifest.dimensions;
    let expected = 0;
    for (let i = 0; i < n; i++) {
      if (c.hour[i] < hours[0] || c.hour[i] >= hours[1]) continue;
      if (dims.source[c.source[i]] !== 'site' || dims.distance[c.distance[i]] !== 'city') continue;
      if (!filters.regions.includes(dims.region[c.region[i]])) continue;
      expected += c.registered[i];
    }
    expect(readinessTotal(rows, readinessFigures(dataset.manifest.campaign, rows)).registered).toBe(expected);
    // The headquarters column follows the data set's network, as "available" does, not the range's end.
    const all = computeReadiness(dataset, regional(filters));
    expect(readinessTotal(all, readinessFigures(dataset.manifest.campaign, all)).headquarters).toBe(19);
  });

  it('sorts by any column and filters by text', () => {
    const rows = computeReadiness(dataset, regional(ALL));
    const byReg = sortReadiness(rows, 'registered', true);
    expect(byReg[0].code).toBe('RU-MOW');
    for (let i = 1; i < byReg.length; i++) expect(byReg[i - 1].registered).toBeGreaterThanOrEqual(byReg[i].registered);
    const byName = sortReadiness(rows, 'name', false);
    expect(byName[0].name.localeCompare(byName[1].name)).toBeLessThanOrEqual(0);
    expect(sortReadiness(rows, 'status', false)[0].status).toBe('at-risk');
    expect(filterReadiness(rows, 'новосибирская').map((r) => r.code)).toEqual(['RU-NVS']);
    expect(filterReadiness(rows, 'novosib').map((r) => r.code)).toEqual(['RU-NVS']);
  });
});
