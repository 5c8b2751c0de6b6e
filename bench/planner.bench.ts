/**
 * Headquarters planner what-if (target: under 50 ms): every city of the RU pack as a candidate with supporters
 * (far more than any campaign's city table holds), 40 offices open, then 60 plan edits (the first 5 warm up) (open or close an office),
 * each re-evaluating the plan and re-ranking every candidate as the planner view does.
 */
import { loadavg } from 'node:os';
import { loadPack } from '../geo/pack.ts';
import { HqPlanner, type Plan } from '../shared/metrics/hq-planner.ts';
import type { Bench, BenchResult } from './types.ts';

const EDITS = 60;
/** Edits before measuring: the view's first ranking, at mount, is where the JIT warms up. */
const WARM_UP = 5;

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

const bench: Bench = async () => {
  const pack = loadPack('ru');
  const cities = pack.cities.map((c, i) => ({ id: c.geonameId, name: c.name, region: c.regionCode, lat: c.lat, lon: c.lon, future: Math.round(Math.sqrt(c.population)), recent: i % 7 }));
  const offices = cities.slice(0, 40).map((c, i) => ({ id: `hq-${i}`, lat: c.lat, lon: c.lon }));
  const caps = new Map(pack.regions.map((r) => [r.code, 2500]));
  const t0 = performance.now();
  const planner = new HqPlanner({ cities, caps, offices, nearKm: 100, recentDays: 7, daysLeft: 30, target: 315_000 });
  const buildMs = performance.now() - t0;
  let plan: Plan = { open: [], close: [] };
  const times: number[] = [];
  for (let k = 0; k < EDITS; k++) {
    const t = performance.now();
    const ranked = planner.candidates(plan);
    planner.evaluate(plan);
    if (k >= WARM_UP) times.push(performance.now() - t);
    plan = k % 5 === 4 ? { ...plan, close: [...plan.close, `hq-${k % 40}`] } : { ...plan, open: [...plan.open, ranked[0].city.id] };
  }
  times.sort((a, b) => a - b);
  const load = Number(loadavg()[0].toFixed(2));
  const p95 = percentile(times, 0.95);
  const results: BenchResult[] = [
    { name: `planner build (${cities.length} cities, reach lists)`, value: Number(buildMs.toFixed(1)), unit: 'ms', loadAverage: load },
    { name: 'planner what-if p50 (evaluate + rank all)', value: Number(percentile(times, 0.5).toFixed(2)), unit: 'ms', loadAverage: load },
    { name: 'planner what-if p95 (evaluate + rank all)', value: Number(p95.toFixed(2)), unit: 'ms', target: '< 50 ms', pass: p95 < 50, loadAverage: load }
  ];
  return results;
};

export default bench;
