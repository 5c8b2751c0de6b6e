/**
 * How many registrations arrive in each (hour × region), and from which city. Pure: a function of the pack,
 * the spec, the headquarters, the events and the seed.
 *
 * Expected rate of a cell = national trend × the region's own day/night and weekly rhythm (its local time)
 *   × the region's weight (its cities' populations, lifted in cities with an open headquarters and near them)
 *   × the capitals' early over-representation × (1 + event boosts) × noise,
 * plus the "+1" day's reserved share. Counts are drawn by systematic sampling over the cells, so the total
 * is exactly N and every cell is within one of its expectation (before noise).
 */
import type { City, Pack, Region } from '../../geo/pack.ts';
import type { DemoSpec } from './calendar.ts';
import { eventBoosts, eventResponse, type DemoEvent } from './events.ts';
import { haversineKm } from '../../shared/geo/haversine.ts';
import type { Headquarters } from './headquarters.ts';
import { Rng } from './prng.ts';
import { HOUR_MS } from '../../shared/time/units.ts';
import { localDow, localHour, OffsetTable } from './time.ts';
import { DAY_NIGHT, progressAt, trendAt, WEEKLY, type Timeline } from './timeline.ts';

export const CITY_LIFT = 2.0;
export const NEAR_LIFT = 1.4;
export const REGION_HQ_LIFT = 1.15;
/** Share of all registrations reserved for the "+1" day, and how it spreads over its hours. */
export const PLUS_ONE_SHARE = 0.032;
export const PLUS_ONE_PROFILE = [0.42, 0.19, 0.1, 0.06, 0.045, 0.035, 0.03, 0.025, 0.02, 0.02, 0.015, 0.015, 0.01, 0.01, 0.01];
/** People living outside the gazetteer's cities register at this fraction of the urban rate. */
const RURAL_RATE = 0.12;

export interface RegionCities {
  region: Region;
  cities: City[];
  /** Per epoch: cumulative weights over cities, plus a last slot for "somewhere rural". */
  cum: Float64Array[];
}

export interface Plan {
  timeline: Timeline;
  regions: RegionCities[];
  /** Hour-major counts: counts[h * regions.length + r]. */
  counts: Int32Array;
  total: number;
  /** Epoch (a span with the same set of open headquarters) of every hour. */
  epochOfHour: Int32Array;
  /** Hour index of the "+1" peak. */
  plusOneHour: number;
  /** Event id → registrations it added (expected counts: sampling moves each cell by less than one). */
  eventAdded: Map<string, number>;
}

export function planRegistrations(pack: Pack, spec: DemoSpec, t: Timeline, hqs: Headquarters[], events: DemoEvent[], n: number, rng: Rng): Plan {
  const R = pack.regions.length;
  const H = t.hours;
  const regionIndex = new Map(pack.regions.map((r, i) => [r.code, i]));

  // Epochs: spans between headquarters openings and closings.
  const changes = [...new Set(hqs.flatMap((h) => (h.closedMs === null ? [h.openedMs] : [h.openedMs, h.closedMs])))].sort((a, b) => a - b);
  const epochStarts = [t.startMs, ...changes.filter((c) => c > t.startMs && c < t.endMs)];
  const epochOfHour = new Int32Array(H);
  for (let h = 0, e = 0; h < H; h++) {
    const ms = t.startMs + h * HOUR_MS;
    while (e + 1 < epochStarts.length && epochStarts[e + 1] <= ms) e++;
    epochOfHour[h] = e;
  }
  const isOpen = (hq: Headquarters, ms: number): boolean => hq.openedMs <= ms && (hq.closedMs === null || hq.closedMs > ms);

  // Cities of each region, with the headquarters within nearKm of each.
  const byRegion: City[][] = pack.regions.map(() => []);
  for (const c of pack.cities) {
    const r = regionIndex.get(c.regionCode);
    if (r !== undefined) byRegion[r].push(c);
  }
  const regions: RegionCities[] = [];
  const regionWeight: Float64Array[] = epochStarts.map(() => new Float64Array(R));
  for (let r = 0; r < R; r++) {
    const cities = byRegion[r].sort((a, b) => b.population - a.population || a.geonameId - b.geonameId);
    const nearby = cities.map((c) =>
      hqs
        .map((h) => ({ h, km: haversineKm(c.lat, c.lon, h.lat, h.lon) }))
        .filter((x) => x.km <= spec.nearKm)
        .map((x) => ({ h: x.h, inCity: x.h.city.geonameId === c.geonameId || x.km < 3 }))
    );
    const regionHqs = hqs.filter((h) => h.regionCode === pack.regions[r].code);
    let urban = 0;
    for (const c of cities) urban += c.population;
    const rural = Math.max(0, pack.regions[r].population - urban) * RURAL_RATE + pack.regions[r].population * 0.01;
    const cum = epochStarts.map((ms, e) => {
      const w = new Float64Array(cities.length + 1);
      let s = 0;
      for (let i = 0; i < cities.length; i++) {
        let lift = 1;
        for (const x of nearby[i]) {
          if (!isOpen(x.h, ms)) continue;
          lift = Math.max(lift, x.inCity ? CITY_LIFT : NEAR_LIFT);
        }
        s += cities[i].population * lift;
        w[i] = s;
      }
      s += rural;
      w[cities.length] = s;
      const regionLift = regionHqs.some((h) => isOpen(h, ms)) ? REGION_HQ_LIFT : 1;
      regionWeight[e][r] = s * regionLift;
      return w;
    });
    regions.push({ region: pack.regions[r], cities, cum });
  }

  // Each distinct region time zone: day/night × weekly factor per hour.
  const tzs = [...new Set(pack.regions.map((r) => r.timezone))];
  const rhythm = new Map<string, Float64Array>();
  for (const tz of tzs) {
    const off = new OffsetTable(tz, t.startMs, H);
    const f = new Float64Array(H);
    for (let h = 0; h < H; h++) {
      const ms = t.startMs + h * HOUR_MS;
      const o = off.offsets[h];
      f[h] = DAY_NIGHT[localHour(ms, o)] * WEEKLY[localDow(ms, o)];
    }
    rhythm.set(tz, f);
  }
  const regionRhythm = pack.regions.map((r) => rhythm.get(r.timezone)!);

  const boosts = eventBoosts(t, events, regionIndex);
  const capital = pack.regions.map((r) => spec.capitals.includes(r.code));
  const capital0 = spec.pack === 'ru' ? 0.65 : 0.9;
  const capitalStrength = spec.pack === 'ru' ? 2.8 : 0.6;
  const activity = pack.regions.map((r) => (spec.capitals.includes(r.code) ? 1 : rng.logNormal(1, 0.25)));
  const days = Math.ceil(H / 24);
  const dayNoise = new Float64Array(days * R);
  for (let i = 0; i < dayNoise.length; i++) dayNoise[i] = rng.logNormal(1, 0.18);

  const w = new Float64Array(H * R);
  let total = 0;
  for (let h = 0; h < H; h++) {
    const ms = t.startMs + h * HOUR_MS;
    const base = trendAt(t, ms);
    const capF = capital0 + capitalStrength * Math.pow(1 - progressAt(t, ms), 1.5);
    const nat = boosts.national[h];
    const rw = regionWeight[epochOfHour[h]];
    const day = Math.floor(h / 24);
    for (let r = 0; r < R; r++) {
      const reg = boosts.regional.get(r);
      let v = base * regionRhythm[r][h] * rw[r] * activity[r] * dayNoise[day * R + r] * (1 + nat + (reg ? reg[h] : 0));
      if (capital[r]) v *= capF;
      v *= Math.exp(0.3 * rng.normal() - 0.045);
      w[h * R + r] = v;
      total += v;
    }
  }

  // What each event added: its share of every cell's multiplier (1 + national + regional boosts) × the cell's weight.
  const added = new Map<string, number>();
  const factor = (h: number, r: number): number => 1 + boosts.national[h] + (boosts.regional.get(r)?.[h] ?? 0);
  for (const e of events) {
    let sum = 0;
    const nat = eventResponse(t, e, e.boost.national);
    for (let i = Math.max(0, -nat.start); i < nat.values.length && nat.start + i < H; i++) {
      const h = nat.start + i;
      if (nat.values[i] === 0) continue;
      for (let r = 0; r < R; r++) sum += (w[h * R + r] * nat.values[i]) / factor(h, r);
    }
    const r = e.regionCode === null ? undefined : regionIndex.get(e.regionCode);
    if (r !== undefined) {
      const reg = eventResponse(t, e, e.boost.regional);
      for (let i = Math.max(0, -reg.start); i < reg.values.length && reg.start + i < H; i++) {
        const h = reg.start + i;
        sum += (w[h * R + r] * reg.values[i]) / factor(h, r);
      }
    }
    added.set(e.id, sum);
  }

  // "+1" day: a reserved share, spread over regions by their weight at the time (no day/night: it was a call to action).
  const plus = events.find((e) => e.kind === 'plusone');
  let plusOneHour = -1;
  if (plus) {
    plusOneHour = Math.floor((plus.ms - t.startMs) / HOUR_MS);
    const mass = (total * PLUS_ONE_SHARE) / (1 - PLUS_ONE_SHARE);
    let profileSum = 0;
    for (const p of PLUS_ONE_PROFILE) profileSum += p;
    for (let k = 0; k < PLUS_ONE_PROFILE.length; k++) {
      const h = plusOneHour + k;
      if (h < 0 || h >= H) continue;
      const ms = t.startMs + h * HOUR_MS;
      const capF = capital0 + capitalStrength * Math.pow(1 - progressAt(t, ms), 1.5);
      const rw = regionWeight[epochOfHour[h]];
      let s = 0;
      for (let r = 0; r < R; r++) s += rw[r] * activity[r] * (capital[r] ? capF : 1);
      for (let r = 0; r < R; r++) {
        const v = (mass * PLUS_ONE_PROFILE[k]) / profileSum * ((rw[r] * activity[r] * (capital[r] ? capF : 1)) / s);
        w[h * R + r] += v;
        total += v;
        added.set(plus.id, (added.get(plus.id) ?? 0) + v);
      }
    }
  }

  // Systematic sampling: exactly n in all, each cell within one of n·w/total.
  const counts = new Int32Array(H * R);
  const scale = n / total;
  let acc = rng.next();
  let prev = Math.floor(acc);
  let assigned = 0;
  let last = 0;
  for (let i = 0; i < w.length; i++) {
    acc += w[i] * scale;
    const f = Math.floor(acc);
    const c = f - prev;
    prev = f;
    if (c > 0) {
      counts[i] = c;
      assigned += c;
      last = i;
    }
  }
  counts[last] += n - assigned;
  if (counts[last] < 0) counts[last] = 0;
  const eventAdded = new Map([...added].map(([id, x]) => [id, x * scale]));
  return { timeline: t, regions, counts, total: n, epochOfHour, plusOneHour, eventAdded };
}

/** Registrations per hour (all regions). */
export function hourlyTotals(plan: Plan): Int32Array {
  const R = plan.regions.length;
  const H = plan.timeline.hours;
  const out = new Int32Array(H);
  for (let h = 0; h < H; h++) {
    let s = 0;
    for (let r = 0; r < R; r++) s += plan.counts[h * R + r];
    out[h] = s;
  }
  return out;
}

