/**
 * A small, deterministic, realistic data set for tests of the views and the report, written through the
 * pipeline's own writer so it is byte-for-byte the published format. Shapes and regions come from the real
 * Russian pack; registrations follow a daily rhythm with one clear peak after a "video" event, and one SMS
 * gateway has an outage, so peak detection and deliverability have something true to find.
 */
import { loadPack, loadShapes } from '../../geo/pack.ts';
import { Rng } from '../../data-pipeline/demo/prng.ts';
import { writeDataset, type DatasetParts } from '../../data-pipeline/export/write-dataset.ts';
import { DISTANCE_CLASSES, type EventRow, type HeadquartersRow, type Manifest } from '../../shared/cube/format.ts';

export interface SyntheticOptions {
  seed?: number;
  days?: number;
  /** Registrations per hour at the daily maximum, before the peak's lift. */
  hourlyPeakRate?: number;
  regionCap?: number;
}

export const SYNTHETIC_START = Date.UTC(2017, 10, 20); // 2017-11-20 00:00 UTC
export const SYNTHETIC_PEAK_DAY = 20;
export const SYNTHETIC_OUTAGE = { gateway: 'smsbeta', fromHourOffset: 30 * 24 + 9, hours: 5 };
const SOURCES = ['site', 'landing', 'partner'];
const GATEWAYS = ['smsalpha', 'smsbeta', 'smsgamma'];
const CHANNELS = ['sms', 'email'];
const STATUSES = ['sent', 'delivered', 'failed'];

function poisson(rnd: () => number, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * (rnd() + rnd() + rnd() - 1.5) * 2));
  const l = Math.exp(-mean);
  let k = 0;
  let p = rnd();
  while (p > l) {
    k++;
    p *= rnd();
  }
  return k;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function buildSyntheticParts(options: SyntheticOptions = {}): DatasetParts {
  const { seed = 42, days = 45, hourlyPeakRate = 120, regionCap = 400 } = options;
  const rng = new Rng(`synthetic-${seed}`);
  const rnd = (): number => rng.next();
  const pack = loadPack('ru');
  const regions = pack.regions.map((r) => r.code);
  const popTotal = pack.regions.reduce((s, r) => s + r.population, 0);
  const cumulative: number[] = [];
  pack.regions.reduce((acc, r) => (cumulative.push(acc + r.population / popTotal), acc + r.population / popTotal), 0);
  const pickRegion = (): number => {
    const x = rnd();
    const i = cumulative.findIndex((c) => c >= x);
    return i < 0 ? regions.length - 1 : i;
  };

  const startHour = SYNTHETIC_START / 3_600_000;
  const peakHour = startHour + SYNTHETIC_PEAK_DAY * 24 + 15;
  // Registrations: key (hour, region, source, distance) → stage counts.
  const cells = new Map<string, number[]>();
  let smsNeeded = new Array<number>(days * 24).fill(0);
  for (let h = 0; h < days * 24; h++) {
    const hour = startHour + h;
    const local = (h + 3) % 24; // Moscow time
    const rhythm = 0.15 + 0.85 * Math.max(0, Math.sin(((local - 6) / 24) * 2 * Math.PI));
    const lift = hour >= peakHour ? 1 + 6 * Math.exp(-(hour - peakHour) / 10) : 1;
    const n = poisson(rnd, hourlyPeakRate * rhythm * lift);
    for (let i = 0; i < n; i++) {
      const region = pickRegion();
      const source = rnd() < 0.7 ? 0 : rnd() < 0.6 ? 1 : 2;
      const distance = rnd() < 0.5 ? 0 : rnd() < 0.5 ? 1 : rnd() < 0.9 ? 2 : 3;
      const phone = rnd() < 0.7 ? 1 : 0;
      const email = rnd() < 0.55 ? 1 : 0;
      const questionnaire = rnd() < (phone ? 0.55 : 0.1) ? 1 : 0;
      const key = `${hour},${region},${source},${distance}`;
      const cell = cells.get(key) ?? [0, 0, 0, 0, 0];
      cell[0] += 1;
      cell[1] += phone;
      cell[2] += email;
      cell[3] += questionnaire;
      cell[4] += phone & questionnaire;
      cells.set(key, cell);
    }
    smsNeeded[h] = n;
  }
  const keys = [...cells.keys()];
  const reg = {
    hour: new Int32Array(keys.length),
    region: new Int32Array(keys.length),
    source: new Int32Array(keys.length),
    distance: new Int32Array(keys.length),
    registered: new Int32Array(keys.length),
    phone: new Int32Array(keys.length),
    email: new Int32Array(keys.length),
    questionnaire: new Int32Array(keys.length),
    future: new Int32Array(keys.length)
  };
  keys.forEach((key, i) => {
    const [hour, region, source, distance] = key.split(',').map(Number);
    const c = cells.get(key)!;
    reg.hour[i] = hour;
    reg.region[i] = region;
    reg.source[i] = source;
    reg.distance[i] = distance;
    reg.registered[i] = c[0];
    reg.phone[i] = c[1];
    reg.email[i] = c[2];
    reg.questionnaire[i] = c[3];
    reg.future[i] = c[4];
  });

  // Deliveries: one SMS per registration, gateways in rotation; the outage gateway delivers almost nothing.
  const del: Record<string, number[]> = { hour: [], channel: [], gateway: [], status: [], count: [] };
  const push = (hour: number, channel: number, gateway: number, status: number, count: number) => {
    if (count <= 0) return;
    del.hour.push(hour);
    del.channel.push(channel);
    del.gateway.push(gateway);
    del.status.push(status);
    del.count.push(count);
  };
  smsNeeded.forEach((n, h) => {
    const hour = startHour + h;
    GATEWAYS.forEach((_, g) => {
      const sent = Math.round(n / GATEWAYS.length);
      const down = g === 1 && h >= SYNTHETIC_OUTAGE.fromHourOffset && h < SYNTHETIC_OUTAGE.fromHourOffset + SYNTHETIC_OUTAGE.hours;
      const delivered = Math.round(sent * (down ? 0.05 : 0.93));
      push(hour, 0, g, 1, delivered);
      push(hour, 0, g, 2, sent - delivered);
    });
    const emails = Math.round(n * 0.9);
    push(hour, 1, GATEWAYS.length, 1, Math.round(emails * 0.97));
    push(hour, 1, GATEWAYS.length, 2, emails - Math.round(emails * 0.97));
  });
  smsNeeded = [];
  const deliveries = {
    rows: del.hour.length,
    columns: Object.fromEntries(Object.entries(del).map(([k, v]) => [k, Int32Array.from(v)]))
  };

  const bigCities = [...pack.cities].sort((a, b) => b.population - a.population).slice(0, 20);
  const headquarters: HeadquartersRow[] = bigCities.map((c, i) => ({
    id: `hq-${i + 1}`,
    name: `Штаб ${c.name}`,
    city: c.name,
    regionCode: c.regionCode,
    lat: c.lat,
    lon: c.lon,
    opened: iso(SYNTHETIC_START + (i % 10) * 2 * 86_400_000),
    closed: i === 19 ? iso(SYNTHETIC_START + 40 * 86_400_000) : null
  }));
  const events: EventRow[] = [
    { id: 'ev-video', time: iso(peakHour * 3_600_000), title: 'Investigation video', kind: 'video', regionCode: null, url: 'https://example.org/video' },
    ...Array.from({ length: 11 }, (_, i): EventRow => ({
      id: `ev-${i}`,
      time: iso(SYNTHETIC_START + (i * 4 + 1) * 86_400_000 + 12 * 3_600_000),
      title: `Rally in ${bigCities[i].nameEn}`,
      kind: i % 3 === 0 ? 'press' : 'rally',
      regionCode: i % 3 === 0 ? null : bigCities[i].regionCode,
      url: null
    }))
  ];
  const total = reg.registered.reduce((s, v) => s + v, 0);
  const windowEnd = new Date(SYNTHETIC_START + (days + 10) * 86_400_000).toISOString().slice(0, 10);
  return {
    campaign: {
      name: 'Synthetic test campaign',
      pack: 'ru',
      timeZone: 'Europe/Moscow',
      window: { start: new Date(SYNTHETIC_START).toISOString().slice(0, 10), end: windowEnd },
      target: regionCap * regions.length,
      totalCap: regionCap * regions.length,
      regionCap,
      nearKm: 50,
      dashboardUrl: 'http://127.0.0.1:4173/'
    },
    dimensions: {
      region: regions,
      source: SOURCES,
      distance: [...DISTANCE_CLASSES],
      channel: CHANNELS,
      gateway: [...GATEWAYS, 'smtp'],
      status: STATUSES
    },
    counts: { read: total + 17, accepted: total, rejected: 17 },
    cities: { distinctSpellings: 900, matched: 850, ambiguous: 10, unresolved: 40, rowsResolved: total },
    registrations: { rows: keys.length, columns: reg },
    deliveries,
    // Made-up but distinct per region, so a test can tell whose counts a view shows.
    regions: pack.regions.map((r, i) => ({ code: r.code, name: r.name, nameLocal: r.nameLocal, timezone: r.timezone, population: r.population, cap: regionCap, unresolved: { rows: 3 * (i % 7) + 1, spellings: (i % 7) + 1 } })),
    headquarters,
    events,
    shapes: loadShapes('ru'),
    generatedAt: '2018-01-06T03:00:00.000Z'
  };
}

export function writeSyntheticDataset(dir: string, options: SyntheticOptions = {}): Manifest {
  return writeDataset(dir, buildSyntheticParts(options));
}
