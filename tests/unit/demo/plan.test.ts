import { describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../../../shared/cube/format.ts';
import { prepareDemo } from '../../../data-pipeline/demo/generate.ts';
import { hourlyTotals } from '../../../data-pipeline/demo/plan.ts';
import { HOUR_MS } from '../../../shared/time/units.ts';

// The plan (everything but the rows) is cheap enough to check at the default size.
const demo = prepareDemo('ru', 1_000_000, 'test-seed');
const { plan, timeline: t, headquarters, events } = demo;
const R = plan.regions.length;

describe('demo plan (ru, default size)', () => {
  it('allocates exactly N registrations over ≥ 18 months ending with the collection window', () => {
    expect(plan.counts.reduce((a, b) => a + b, 0)).toBe(1_000_000);
    expect(t.hours).toBeGreaterThanOrEqual(18 * 30 * 24);
    expect(t.endMs).toBeGreaterThanOrEqual(t.windowEndMs - 24 * HOUR_MS);
    expect(t.windowEndMs - t.windowStartMs).toBe(35 * 24 * HOUR_MS);
  });

  it('has the "+1" hour above 10,000 registrations, and it is the largest hour', () => {
    const hourly = hourlyTotals(plan);
    expect(hourly[plan.plusOneHour]).toBeGreaterThan(10_000);
    expect(Math.max(...hourly)).toBe(hourly[plan.plusOneHour]);
    expect(events.filter((e) => e.kind === 'plusone')).toHaveLength(1);
  });

  it('covers ≥ 80 regions, ≥ 70 headquarters (one or two closing), ≥ 100 events of known kinds', () => {
    let regionsWithData = 0;
    for (let r = 0; r < R; r++) {
      let s = 0;
      for (let h = 0; h < t.hours; h++) s += plan.counts[h * R + r];
      if (s > 0) regionsWithData++;
    }
    expect(regionsWithData).toBeGreaterThanOrEqual(80);
    expect(headquarters.length).toBeGreaterThanOrEqual(70);
    const closed = headquarters.filter((h) => h.closedMs !== null).length;
    expect(closed).toBeGreaterThanOrEqual(1);
    expect(closed).toBeLessThanOrEqual(2);
    expect(events.length).toBeGreaterThanOrEqual(100);
    for (const e of events) expect(EVENT_KINDS).toContain(e.kind);
    for (const k of ['video', 'rally', 'press', 'mailing', 'regional', 'plusone', 'other']) expect(events.some((e) => e.kind === k)).toBe(true);
  });

  it('follows each region’s own day and night: Vladivostok signs up while Moscow sleeps', () => {
    const mow = plan.regions.findIndex((r) => r.region.code === 'RU-MOW');
    const pri = plan.regions.findIndex((r) => r.region.code === 'RU-PRI');
    const byUtcHour = (r: number): number[] => {
      const out = new Array<number>(24).fill(0);
      for (let h = 0; h < t.hours; h++) out[new Date(t.startMs + h * HOUR_MS).getUTCHours()] += plan.counts[h * R + r];
      return out;
    };
    const peak = (xs: number[]): number => xs.indexOf(Math.max(...xs));
    const quiet = (xs: number[]): number => xs.indexOf(Math.min(...xs));
    // Local evening: Moscow UTC+3 → ~17 UTC; Vladivostok UTC+10 → ~10 UTC.
    expect(Math.abs(peak(byUtcHour(mow)) - 17)).toBeLessThanOrEqual(2);
    expect(Math.abs(peak(byUtcHour(pri)) - 10)).toBeLessThanOrEqual(2);
    // Vladivostok's quietest hour is deep night there (~4 local = 18 UTC), Moscow's ~4 local = 1 UTC.
    expect(Math.abs(quiet(byUtcHour(pri)) - 18)).toBeLessThanOrEqual(2);
    expect(Math.abs(quiet(byUtcHour(mow)) - 1)).toBeLessThanOrEqual(2);
  });

  it('goes regional: the capitals’ share of new registrations falls over time', () => {
    const caps = new Set(['RU-MOW', 'RU-SPE'].map((c) => plan.regions.findIndex((r) => r.region.code === c)));
    const share = (h0: number, h1: number): number => {
      let a = 0;
      let b = 0;
      for (let h = h0; h < h1; h++)
        for (let r = 0; r < R; r++) {
          b += plan.counts[h * R + r];
          if (caps.has(r)) a += plan.counts[h * R + r];
        }
      return a / b;
    };
    const early = share(0, Math.floor(t.hours / 6));
    const late = share(Math.floor((5 * t.hours) / 6), t.hours);
    expect(early).toBeGreaterThan(0.3);
    expect(late).toBeLessThan(0.25);
  });

  it('lifts regions on their events: a regional investigation video peaks its region', () => {
    const v = events.find((e) => e.kind === 'video' && e.regionCode)!;
    const r = plan.regions.findIndex((x) => x.region.code === v.regionCode);
    const h0 = Math.floor((v.ms - t.startMs) / HOUR_MS);
    const sum = (from: number, to: number): number => {
      let s = 0;
      for (let h = Math.max(0, from); h < Math.min(t.hours, to); h++) s += plan.counts[h * R + r];
      return s;
    };
    expect(sum(h0, h0 + 24)).toBeGreaterThan(3 * sum(h0 - 8 * 24, h0 - 7 * 24));
  });

  it('is deterministic for a seed', () => {
    // (A different seed giving different files is checked in generate.test.ts.)
    const again = prepareDemo('ru', 1_000_000, 'test-seed');
    expect(Buffer.from(again.plan.counts.buffer).equals(Buffer.from(plan.counts.buffer))).toBe(true);
    expect(again.events.map((e) => [e.ms, e.title])).toEqual(events.map((e) => [e.ms, e.title]));
    expect(again.headquarters.map((h) => [h.id, h.city.geonameId, h.openedMs, h.closedMs])).toEqual(headquarters.map((h) => [h.id, h.city.geonameId, h.openedMs, h.closedMs]));
  });
});
