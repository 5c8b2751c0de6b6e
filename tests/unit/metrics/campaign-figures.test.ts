import { describe, expect, it } from 'vitest';
import { Rng } from '../../../data-pipeline/demo/prng.ts';
import { campaignFigures, forecastAtDeadline, readinessStatus } from '../../../shared/metrics/campaign-figures.ts';
import { computeReadiness, readinessFigures } from '../../../shared/metrics/readiness.ts';
import { createEngine } from '../../../shared/scan/scan-engine.ts';
import { tinyDataset } from '../../support/tiny-dataset.ts';

/** Available per region straight from the cube's rows: future signatures whose class now (after '>') is within reach. */
function availableByRegion(data: ReturnType<typeof tinyDataset>): Map<string, number> {
  const { columns, rows } = data.registrations;
  const dims = data.manifest.dimensions;
  const out = new Map<string, number>();
  for (let i = 0; i < rows; i++) {
    const code = dims.distance[columns.distance[i]];
    if (!['city', 'near'].includes(code.slice(code.indexOf('>') + 1))) continue;
    const region = dims.region[columns.region[i]];
    out.set(region, (out.get(region) ?? 0) + columns.future[i]);
  }
  return out;
}

describe('campaign figures', () => {
  it('capped total, share of cap and progress to the target from raw cube rows, as the table computes them', () => {
    const data = tinyDataset({ caps: { 'RU-TUL': 50, 'RU-OMS': 30 }, totalCap: 70, target: 100 });
    const available = availableByRegion(data);
    expect(available.get('RU-TUL')).toBe(60);
    const byHand = data.regions.map((r) => ({ cap: r.cap, available: available.get(r.code) ?? 0, forecast: { value: 0, low: 0, high: 0 } }));
    const f = campaignFigures(data.manifest.campaign, byHand);
    expect(f).toMatchObject({ target: 100, totalCap: 70, regionCaps: 80, available: 60, cappedTotal: 50 });
    expect(f.shareOfCap).toBeCloseTo(50 / 70, 12);
    expect(f.toTarget).toBeCloseTo(0.5, 12);
    const engine = createEngine(data);
    const fromTable = readinessFigures(data.manifest.campaign, computeReadiness(data, engine.regional()));
    expect(fromTable).toMatchObject({ available: 60, cappedTotal: 50, shareOfCap: f.shareOfCap, toTarget: f.toTarget });
  });

  it('the total cap bounds the capped total and its forecast', () => {
    const regions = [
      { cap: 50, available: 60, forecast: { value: 70, low: 65, high: 80 } },
      { cap: 30, available: 10, forecast: { value: 25, low: 20, high: 40 } },
      { cap: 0, available: 99, forecast: { value: 99, low: 99, high: 99 } }
    ];
    const f = campaignFigures({ target: 200, totalCap: 70 }, regions);
    expect(f.cappedTotal).toBe(60);
    expect(f.forecast).toEqual({ value: 70, low: 70, high: 70 });
    expect(f.status).toBe('on-track');
    expect(campaignFigures({ target: 200, totalCap: 1000 }, regions).forecast).toEqual({ value: 75, low: 70, high: 80 });
  });

  it('forecasts from the recent daily rate to the deadline; a steady rate has no spread', () => {
    expect(forecastAtDeadline(100, [10, 10, 10, 10, 10, 10, 10], 0, 240)).toEqual({ value: 200, low: 200, high: 200 });
    expect(forecastAtDeadline(100, [], 0, 240).value).toBe(100);
    expect(forecastAtDeadline(100, [10, 10], 300, 240).value).toBe(100);
  });

  it('derives the status from available, forecast and cap', () => {
    expect(readinessStatus(400, 400, 400)).toBe('capped');
    expect(readinessStatus(300, 450, 400)).toBe('on-track');
    expect(readinessStatus(300, 350, 400)).toBe('at-risk');
    expect(readinessStatus(5, 10, 0)).toBe('no-cap');
  });

  it('the forecast interval covers about 80 % of outcomes on steady noisy series', () => {
    const rng = new Rng('forecast-coverage');
    for (const [recentDays, daysLeft] of [
      [7, 14],
      [7, 7],
      [4, 10]
    ]) {
      let inside = 0;
      const trials = 2000;
      for (let t = 0; t < trials; t++) {
        const day = (): number => 100 + 25 * rng.normal();
        const recent = Array.from({ length: recentDays }, day);
        let outcome = 1000;
        for (let d = 0; d < daysLeft; d++) outcome += day();
        const f = forecastAtDeadline(1000, recent, 0, daysLeft * 24);
        if (outcome >= f.low && outcome <= f.high) inside++;
      }
      expect(inside / trials, `${recentDays} days, ${daysLeft} ahead`).toBeGreaterThan(0.76);
      expect(inside / trials, `${recentDays} days, ${daysLeft} ahead`).toBeLessThan(0.84);
    }
  });
});
