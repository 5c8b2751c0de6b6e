/**
 * A hand-sized data set made through the pipeline's own distance classifier: two regions, a city whose
 * headquarters opens after some of its supporters registered, and a city far from every headquarters. Small
 * enough that a test can sum its rows by hand.
 */
import type { City } from '../../geo/pack.ts';
import { DistanceClassifier, type Headquarters } from '../../data-pipeline/resolve/distance.ts';
import type { CoreData } from '../../shared/cube/dataset.ts';
import { DISTANCE_CODES } from '../../shared/cube/distance-codes.ts';
import { FORMAT_NAME, FORMAT_VERSION, STAGES, type Manifest } from '../../shared/cube/format.ts';
import { hourOfMs } from '../../shared/time/hours.ts';

export const DAY_MS = 86_400_000;
/** 2018-01-01T00:00Z: midnight + 3 h in Moscow, so whole days are simple. */
export const T0 = Date.UTC(2018, 0, 1);
/** The headquarters in TULA opens on day 10. */
export const OPENS = T0 + 10 * DAY_MS;

const city = (geonameId: number, name: string, lat: number, lon: number, regionCode: string): City => ({
  geonameId,
  name,
  nameEn: name,
  lat,
  lon,
  population: 500_000,
  regionCode,
  timezone: 'Europe/Moscow',
  alternates: []
});
export const CITIES = [city(1, 'Tula', 54.19, 37.62, 'RU-TUL'), city(2, 'Omsk', 54.99, 73.37, 'RU-OMS')];
const HQS: Headquarters[] = [{ lat: 54.2, lon: 37.6, openedMs: OPENS, closedMs: Infinity, geonameId: 1 }];

/** Registrations: [city index, day, future signatures]; every registration here is a future signature. */
export const REGISTRATIONS: ReadonlyArray<[number, number, number]> = [
  [0, 1, 30],
  [0, 5, 20],
  [0, 12, 7],
  [0, 18, 3],
  [1, 2, 40],
  [1, 19, 5]
];

export interface TinyOptions {
  /** The network's instant; default day 20, after the opening. */
  asOfMs?: number;
  caps?: Record<string, number>;
  target?: number;
  totalCap?: number;
}

export function tinyDataset(options: TinyOptions = {}): CoreData {
  const asOfMs = options.asOfMs ?? T0 + 20 * DAY_MS;
  const classifier = new DistanceClassifier(CITIES, HQS, 50, asOfMs);
  const regions = ['RU-TUL', 'RU-OMS', 'UNKNOWN'];
  const n = REGISTRATIONS.length;
  const column = (f: (r: [number, number, number]) => number): Int32Array => Int32Array.from(REGISTRATIONS, f);
  const hour = column(([, day]) => hourOfMs(T0 + day * DAY_MS + 12 * 3_600_000));
  const stages = Object.fromEntries(STAGES.map((s) => [s, column(([, , k]) => k)]));
  const columns: Record<string, Int32Array> = {
    hour,
    region: column(([c]) => c),
    source: new Int32Array(n),
    distance: column(([c, day]) => classifier.classify(c, T0 + day * DAY_MS + 12 * 3_600_000)),
    ...stages
  };
  const sum = REGISTRATIONS.reduce((s, [, , k]) => s + k, 0);
  const file = { path: '', bytes: 0, sha256: '', rows: 0 };
  const caps = options.caps ?? { 'RU-TUL': 50, 'RU-OMS': 30 };
  const manifest: Manifest = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    generatedAt: new Date(asOfMs).toISOString(),
    campaign: {
      name: 'Tiny',
      pack: 'ru',
      timeZone: 'Europe/Moscow',
      window: { start: '2018-01-01', end: '2018-01-31' },
      target: options.target ?? 100,
      totalCap: options.totalCap ?? 70,
      regionCap: 50,
      nearKm: 50,
      dashboardUrl: null,
      networkAsOf: new Date(asOfMs).toISOString()
    },
    hours: { first: Math.min(...hour), last: Math.max(...hour) },
    dimensions: { region: regions, source: ['site'], distance: [...DISTANCE_CODES], channel: [], gateway: [], status: [] },
    stages: [...STAGES],
    files: { registrations: file, deliveries: file, regions: file, headquarters: file, events: file, shapes: file },
    counts: { read: n, accepted: n, rejected: 0 },
    totals: { registrations: Object.fromEntries(STAGES.map((s) => [s, sum])) as Manifest['totals']['registrations'], deliveries: 0 },
    cities: { distinctSpellings: 2, matched: 2, ambiguous: 0, unresolved: 0, rowsResolved: n }
  };
  return {
    manifest,
    registrations: { rows: n, columns },
    regions: regions.slice(0, 2).map((code) => ({ code, name: code, nameLocal: code, timezone: 'Europe/Moscow', population: 1, cap: caps[code] ?? 0 })),
    headquarters: [{ id: 'hq', name: 'HQ Tula', city: 'Tula', regionCode: 'RU-TUL', lat: 54.2, lon: 37.6, opened: new Date(OPENS).toISOString(), closed: null }],
    events: []
  };
}
