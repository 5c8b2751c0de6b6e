import { describe, expect, it } from 'vitest';
import { attributeEvents } from '../../../shared/metrics/attribution.ts';
import { peakShares } from '../../../shared/metrics/peak-shares.ts';
import { densify, detectPeaks, seasonalBaseline } from '../../../shared/metrics/peaks.ts';
import { buildSyntheticParts, SYNTHETIC_PEAK_DAY, SYNTHETIC_START } from '../../support/synthetic-dataset.ts';

const startHour = SYNTHETIC_START / 3_600_000;

/** A flat daily rhythm with weekly modulation, plus optional spikes: value = base(hour) (+ spike). */
function rhythm(days: number, spikes: Record<number, number> = {}) {
  return Array.from({ length: days * 24 }, (_, h) => {
    const daily = 20 + 80 * Math.max(0, Math.sin(((h % 24) - 6) / 24 * 2 * Math.PI));
    const weekly = Math.floor(h / 24) % 7 >= 5 ? 0.6 : 1;
    return { hour: 1000 + h, value: Math.round(daily * weekly) + (spikes[h] ?? 0) };
  });
}

function syntheticHourly() {
  const reg = buildSyntheticParts().registrations;
  const byHour = new Map<number, number>();
  for (let i = 0; i < reg.rows; i++) byHour.set(reg.columns.hour[i], (byHour.get(reg.columns.hour[i]) ?? 0) + reg.columns.registered[i]);
  return [...byHour].map(([hour, value]) => ({ hour, value }));
}

describe('peaks', () => {
  it('finds no peak in a clean daily and weekly rhythm', () => {
    expect(detectPeaks(rhythm(42))).toEqual([]);
  });

  it('uses the same hour of the week once there are three weeks of history, so weekends are not peaks', () => {
    const series = rhythm(42);
    const { values } = densify(series);
    const base = seasonalBaseline(values);
    const saturdayNoon = 5 * 24 * 1 + 7 * 24 * 4 + 12; // week 5, Saturday 12:00
    expect(base[saturdayNoon]).toBe(values[saturdayNoon]);
  });

  it('finds a spike, its start, top and excess', () => {
    // Day 25 has four weeks of history, so its baseline is the same hour of the week exactly.
    const spikes = { 612: 300, 613: 200, 614: 100 };
    const peaks = detectPeaks(rhythm(42, spikes));
    expect(peaks).toHaveLength(1);
    expect(peaks[0]).toMatchObject({ start: 1612, top: 1612, end: 1615, excess: 600 });
  });

  it('finds the synthetic data set\'s video peak and credits the video event', () => {
    const series = syntheticHourly();
    const peaks = detectPeaks(series);
    const videoHour = startHour + SYNTHETIC_PEAK_DAY * 24 + 15;
    const main = peaks.reduce((a, b) => (b.excess > a.excess ? b : a));
    expect(main.start).toBeGreaterThanOrEqual(videoHour);
    expect(main.start).toBeLessThanOrEqual(videoHour + 2);
    expect(peaks.filter((p) => p.excess > main.excess / 10)).toHaveLength(1);
    const events = [
      { id: 'video', time: new Date(videoHour * 3_600_000).toISOString(), kind: 'video' as const, regionCode: null },
      { id: 'old', time: new Date((videoHour - 72) * 3_600_000).toISOString(), kind: 'mailing' as const, regionCode: null }
    ];
    const attribution = attributeEvents({ national: densify(series), regions: new Map(), events }, { resamples: 5 });
    const causes = peakShares(main, events, attribution);
    expect(causes.map((c) => c.event.id)).toEqual(['video']);
    expect(causes[0].share).toBeLessThanOrEqual(main.excess);
    // The generator adds 6·e^(−t/10) times the hourly rate: about 60 rate-hours, ~1,000–3,000 registrations.
    expect(causes[0].attribution.lift).toBeGreaterThan(1000);
  });
});
