/**
 * The planner against an independent computation straight from the city table's rows: brute-force distances, no
 * reach lists, region sums rebuilt per question. A small hand-worked case pins the definitions.
 */
import { describe, expect, it } from 'vitest';
import type { CityTable } from '../../../shared/cube/city-table.ts';
import { STAGES, type Stage } from '../../../shared/cube/format.ts';
import { haversineKm } from '../../../shared/geo/haversine.ts';
import { HqPlanner, type PlannerInput, type Plan } from '../../../shared/metrics/hq-planner.ts';
import { rngFor } from '../../../data-pipeline/demo/prng.ts';

/** A random city table: `n` cities over a 6° × 10° box in 8 regions, 1–5 days each. */
function randomTable(n: number, seed: string): CityTable {
  const rng = rngFor(seed, 'planner');
  const rnd = () => rng.next();
  const cities = Array.from({ length: n }, (_, i) => ({ id: 1000 + i, name: `C${i}`, region: `R${i % 8}`, lat: 50 + rnd() * 6, lon: 30 + rnd() * 10, spellings: 1 }));
  const city: number[] = [];
  const day: number[] = [];
  const future: number[] = [];
  cities.forEach((_, c) => {
    const days = 1 + Math.floor(rnd() * 5);
    for (let d = 0; d < days; d++) {
      city.push(c);
      day.push(20000 + d * 3);
      future.push(rnd() < 0.3 ? 0 : 5 + Math.floor(rnd() * 200));
    }
  });
  const counts = Object.fromEntries(STAGES.map((s) => [s, Int32Array.from(future)])) as Record<Stage, Int32Array>;
  return { cities, rows: city.length, city: Int32Array.from(city), day: Int32Array.from(day), counts };
}

function inputOf(table: CityTable, caps: Map<string, number>, offices: PlannerInput['offices']): PlannerInput {
  const future = new Float64Array(table.cities.length);
  const recent = new Float64Array(table.cities.length);
  for (let i = 0; i < table.rows; i++) {
    future[table.city[i]] += table.counts.future[i];
    if (table.day[i] >= 20006) recent[table.city[i]] += table.counts.future[i];
  }
  return {
    cities: table.cities.map((c, i) => ({ ...c, future: future[i], recent: recent[i] })),
    caps,
    offices,
    nearKm: 60,
    recentDays: 7,
    daysLeft: 30,
    target: 50_000
  };
}

/** Independently: the capped total of a set of office points, from the table's rows. */
function bruteCapped(table: CityTable, caps: Map<string, number>, points: Array<{ lat: number; lon: number }>, nearKm: number): number {
  const byRegion = new Map<string, number>();
  for (let i = 0; i < table.rows; i++) {
    const c = table.cities[table.city[i]];
    if (!points.some((p) => haversineKm(p.lat, p.lon, c.lat, c.lon) <= nearKm)) continue;
    byRegion.set(c.region, (byRegion.get(c.region) ?? 0) + table.counts.future[i]);
  }
  let total = 0;
  for (const [r, v] of byRegion) total += Math.min(v, (caps.get(r) ?? 0) > 0 ? (caps.get(r) as number) : Infinity);
  return total;
}

describe('HqPlanner', () => {
  const table = randomTable(400, 'planner-test');
  const caps = new Map(Array.from({ length: 8 }, (_, r) => [`R${r}`, r === 0 ? 0 : 3000 + r * 1500]));
  const offices = [
    { id: 'hq-a', lat: 52, lon: 33 },
    { id: 'hq-b', lat: 54.5, lon: 37 },
    { id: 'hq-c', lat: 51, lon: 38.5 }
  ];
  const input = inputOf(table, caps, offices);
  const planner = new HqPlanner(input);

  it('ranks candidates by the capped gain an independent computation finds', () => {
    const plan: Plan = { open: [1003, 1050], close: ['hq-b'] };
    const planPoints = [offices[0], offices[2], table.cities[3], table.cities[50]];
    const base = bruteCapped(table, caps, planPoints, input.nearKm);
    const ranked = planner.candidates(plan);
    expect(ranked).toHaveLength(table.cities.length - 2);
    for (const cand of ranked.slice(0, 40)) {
      const expected = bruteCapped(table, caps, [...planPoints, cand.city], input.nearKm) - base;
      expect(cand.gain).toBeCloseTo(expected, 6);
    }
    for (let k = 1; k < ranked.length; k++) expect(ranked[k - 1].gain).toBeGreaterThanOrEqual(ranked[k].gain);
  });

  it('evaluates a plan as the independent computation does, today and planned', () => {
    const plan: Plan = { open: [1010, 1200, 1333], close: ['hq-a'] };
    const t0 = performance.now();
    const outcome = planner.evaluate(plan);
    planner.candidates(plan);
    console.log(`planner what-if (evaluate + rank ${table.cities.length} cities): ${(performance.now() - t0).toFixed(2)} ms`);
    expect(outcome.today.capped).toBeCloseTo(bruteCapped(table, caps, offices, input.nearKm), 6);
    const points = [offices[1], offices[2], table.cities[10], table.cities[200], table.cities[333]];
    expect(outcome.plan.capped).toBeCloseTo(bruteCapped(table, caps, points, input.nearKm), 6);
    expect(outcome.plan.forecast).toBeGreaterThanOrEqual(outcome.plan.capped);
    expect(outcome.target).toBe(50_000);
  });

  it('gives nothing for supporters in a region already at its cap, and counts a region without a cap in full', () => {
    const city = (id: number, region: string, lat: number, future: number) => ({ id, name: `c${id}`, region, lat, lon: 40, future, recent: 0 });
    const small = new HqPlanner({
      cities: [city(1, 'FULL', 50, 100), city(2, 'FULL', 50.1, 40), city(3, 'OPEN', 55, 70), city(4, 'FREE', 60, 500)],
      caps: new Map([
        ['FULL', 100],
        ['OPEN', 1000]
      ]),
      offices: [{ id: 'x', lat: 50, lon: 40 }],
      nearKm: 5,
      recentDays: 7,
      daysLeft: 10,
      target: 1000
    });
    const ranked = small.candidates({ open: [], close: [] });
    expect(ranked.map((c) => [c.city.id, c.gain, c.unreached])).toEqual([
      [4, 500, 500],
      [3, 70, 70],
      [2, 0, 40],
      [1, 0, 0]
    ]);
    const outcome = small.evaluate({ open: [4], close: ['x'] });
    expect(outcome.today).toEqual({ available: 100, capped: 100, forecast: 100 });
    expect(outcome.plan).toEqual({ available: 500, capped: 500, forecast: 500 });
    expect([...outcome.cappedRegions]).toEqual([]);
  });
});
