/**
 * What each regional view computes on a brush update, at ~1,000,000 registrations cube rows (42 days × 83
 * regions × 3 sources × 4 distance classes, every cell filled). Runs in Node over the views' pure functions —
 * the same code the components call in their `$derived`s — so it excludes Svelte's DOM patching; every brush
 * position is new, so the engine's regional breakdown is recomputed each time and counted in both views that use it.
 */
import { feature } from 'topojson-client';
import type { FeatureCollection } from 'geojson';
import type { GeometryCollection } from 'topojson-specification';
import type { Dataset } from '../shared/cube/dataset.ts';
import { FORMAT_NAME, FORMAT_VERSION, STAGES, type Manifest } from '../shared/cube/format.ts';
import type { FilterState } from '../shared/scan/types.ts';
import { makeProjection, projectionSpecFor } from '../src/lib/geo/projection.ts';
import { placeMarkers, reachPerHeadquarters, type Marker } from '../src/lib/geo/markers.ts';
import { deliverySeries, detectOutages, binHoursFor } from '../shared/metrics/deliverability.ts';
import { computeReadiness, filterReadiness, isOpenAt, readinessFigures, readinessTotal, sortReadiness } from '../shared/metrics/readiness.ts';
import { createEngine } from '../shared/scan/scan-engine.ts';
import { buildSyntheticParts } from '../tests/support/synthetic-dataset.ts';
import type { BenchResult } from './types.ts';

const DAYS = 42;
const BRUSHES = 40;
const TARGET_MS = 50;

function bigDataset(): Dataset {
  const parts = buildSyntheticParts({ days: DAYS, hourlyPeakRate: 20 });
  const dims = parts.dimensions;
  const first = parts.registrations.columns.hour.reduce((m, h) => Math.min(m, h), Infinity);
  const perHour = dims.region.length * dims.source.length * dims.distance.length;
  const rows = DAYS * 24 * perHour;
  const columns: Record<string, Int32Array> = Object.fromEntries(['hour', 'region', 'source', 'distance', ...STAGES].map((c) => [c, new Int32Array(rows)]));
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 1000) / 1000;
  for (let i = 0; i < rows; i++) {
    const cell = i % perHour;
    columns.hour[i] = first + Math.floor(i / perHour);
    columns.region[i] = Math.floor(cell / (dims.source.length * dims.distance.length));
    columns.source[i] = Math.floor(cell / dims.distance.length) % dims.source.length;
    columns.distance[i] = cell % dims.distance.length;
    const registered = 1 + Math.floor(rnd() * 4);
    columns.registered[i] = registered;
    columns.phone[i] = Math.round(registered * 0.7);
    columns.email[i] = Math.round(registered * 0.5);
    columns.questionnaire[i] = Math.round(registered * 0.4);
    columns.future[i] = Math.round(registered * 0.35);
  }
  const totals = Object.fromEntries(STAGES.map((s) => [s, columns[s].reduce((a, b) => a + b, 0)])) as Manifest['totals']['registrations'];
  const manifest = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    generatedAt: new Date().toISOString(),
    campaign: parts.campaign,
    hours: { first, last: first + DAYS * 24 - 1 },
    dimensions: dims,
    stages: [...STAGES],
    counts: parts.counts,
    totals: { registrations: totals, deliveries: parts.deliveries.columns.count.reduce((a, b) => a + b, 0) },
    cities: parts.cities
  } as unknown as Manifest; // `files` is only read by the loader, which this bench bypasses
  return { manifest, registrations: { rows, columns }, deliveries: parts.deliveries, regions: parts.regions, headquarters: parts.headquarters, events: parts.events, shapes: parts.shapes };
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The whole campaign (every row read, the worst case), with the stage changing so the engine recomputes the regional breakdown. */
function wholeCampaign(): FilterState[] {
  return Array.from({ length: 11 }, (_, i) => ({ hours: null, regions: [], sources: [], distance: [], stage: STAGES[i % STAGES.length] }));
}

/** Brushes of 1 to 14 days sliding over the campaign, each one a new filter. */
function brushes(dataset: Dataset, offset: number): FilterState[] {
  const { first, last } = dataset.manifest.hours;
  return Array.from({ length: BRUSHES }, (_, i) => {
    const span = 24 * (1 + ((i * 5 + offset) % 14));
    const from = first + ((i * 97 + offset * 13) % Math.max(1, last - first - span));
    return { hours: [from, from + span] as [number, number], regions: [], sources: [], distance: [], stage: 'registered' as const };
  });
}

function measure(name: string, filters: FilterState[], work: (f: FilterState) => void): BenchResult[] {
  work(filters[0]); // warm-up: JIT
  const samples = filters.slice(1).map((f) => {
    const t = performance.now();
    work(f);
    return performance.now() - t;
  });
  const p95 = Number(percentile(samples, 95).toFixed(1));
  return [
    { name: `${name}: p50 per brush update`, value: Number(percentile(samples, 50).toFixed(1)), unit: 'ms' },
    { name: `${name}: p95 per brush update`, value: p95, unit: 'ms', target: `≤ ${TARGET_MS} ms`, pass: p95 <= TARGET_MS }
  ];
}

export default async function (): Promise<BenchResult[]> {
  const dataset = bigDataset();
  const topo = dataset.shapes;
  const shapes = feature(topo, topo.objects.regions as GeometryCollection) as FeatureCollection;
  const projection = makeProjection(projectionSpecFor(dataset.manifest.campaign), shapes, [1264, 708]);

  const results: BenchResult[] = [{ name: 'registrations cube rows', value: dataset.registrations.rows, unit: 'rows' }];
  const engine = createEngine(dataset);
  const regionalScan = (f: FilterState) => {
    engine.setFilters(f);
    return engine.regional();
  };
  const readiness = (f: FilterState) => {
    const rows = computeReadiness(dataset, regionalScan(f), f.regions);
    const shown = sortReadiness(filterReadiness(rows, ''), 'registered', true);
    readinessTotal(shown, readinessFigures(dataset.manifest.campaign, shown));
  };
  let layout: Marker[] = [];
  results.push(
    ...measure('map (regional scan + shading + markers)', brushes(dataset, 1), (f) => {
      const scan = regionalScan(f);
      const at = (scan.range[1] - 1) * 3_600_000;
      const open = dataset.headquarters.filter((hq) => isOpenAt(hq, at));
      const values = new Map([...scan.regions].map(([code, t]) => [code, t.counts[f.stage]]));
      const reach = reachPerHeadquarters(open, new Map([...scan.regions].map(([code, t]) => [code, t.reachable])));
      layout = placeMarkers(open, reach, (p) => projection(p), 1264, layout);
      if (values.size === 0) throw new Error('no regions');
    }),
    ...measure('readiness (regional scan + rows + sort + sum)', brushes(dataset, 2), readiness),
    ...measure('readiness, whole campaign (no brush, every row)', wholeCampaign(), readiness),
    ...measure('delivery (series + outage detection)', brushes(dataset, 3), (f) => {
      deliverySeries(dataset.deliveries, dataset.manifest, f.hours!, binHoursFor(f.hours!));
      detectOutages(dataset.deliveries, dataset.manifest, { hours: f.hours });
    })
  );
  return results;
}
