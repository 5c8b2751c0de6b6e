/**
 * The headquarters network: one in the biggest city of every sizeable region (so the European part gets
 * its dense cluster of regional capitals around Moscow), then more in big cities far enough from the
 * others, opening over months — the capitals first, then roughly by size — with a couple closing
 * (one reopening at a new address).
 */
import type { City, Pack } from '../../geo/pack.ts';
import { haversineKm } from '../../shared/geo/haversine.ts';
import type { DemoSpec } from './calendar.ts';
import { Rng } from './prng.ts';
import { DAY_MS, HOUR_MS } from '../../shared/time/units.ts';
import { zonedToEpoch } from './time.ts';

export interface Headquarters {
  id: string;
  name: string;
  city: City;
  regionCode: string;
  lat: number;
  lon: number;
  openedMs: number;
  closedMs: number | null;
}

function hqName(spec: DemoSpec, city: City, suffix = ''): string {
  return spec.lang === 'ru' ? `Штаб: ${city.name}${suffix}` : `${city.nameEn} field office${suffix}`;
}

export function planHeadquarters(pack: Pack, spec: DemoSpec, endMs: number, rng: Rng): Headquarters[] {
  const hs = spec.headquarters;
  const byRegion = new Map<string, City[]>();
  for (const c of pack.cities) {
    const list = byRegion.get(c.regionCode);
    if (list) list.push(c);
    else byRegion.set(c.regionCode, [c]);
  }
  for (const list of byRegion.values()) list.sort((a, b) => b.population - a.population || a.geonameId - b.geonameId);

  const regions = [...pack.regions]
    .filter((r) => r.population >= hs.minRegionPopulation && byRegion.has(r.code))
    .sort((a, b) => b.population - a.population || a.code.localeCompare(b.code));
  const chosen: City[] = [];
  for (const r of regions) {
    if (chosen.length >= hs.count) break;
    chosen.push(byRegion.get(r.code)![0]);
  }
  // Second cities: big ones at least 45 km from every headquarters chosen so far.
  const taken = new Set(chosen.map((c) => c.geonameId));
  const candidates = [...pack.cities].sort((a, b) => b.population - a.population || a.geonameId - b.geonameId);
  for (const c of candidates) {
    if (chosen.length >= hs.count) break;
    if (taken.has(c.geonameId)) continue;
    if (chosen.some((o) => haversineKm(o.lat, o.lon, c.lat, c.lon) < 45)) continue;
    chosen.push(c);
    taken.add(c.geonameId);
  }

  // Opening order: capitals first, then by size with noise.
  const capital = (c: City): boolean => spec.capitals.includes(c.regionCode) && byRegion.get(c.regionCode)![0] === c;
  const ranked = chosen
    .map((c, i) => ({ c, key: capital(c) ? -100 + i : i + rng.normal() * 10 }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.c);
  const from = zonedToEpoch(hs.from, spec.timeZone);
  const to = zonedToEpoch(hs.to, spec.timeZone);
  const n = ranked.length;
  const out: Headquarters[] = ranked.map((city, i) => {
    const day = Math.round(((to - from) / DAY_MS) * Math.pow(i / Math.max(1, n - 1), 0.9) + rng.normal() * 3);
    const openedMs = from + Math.max(0, day) * DAY_MS + (10 + rng.int(8)) * HOUR_MS;
    return {
      id: '',
      name: hqName(spec, city),
      city,
      regionCode: city.regionCode,
      // An address somewhere in town.
      lat: Math.round((city.lat + (rng.next() - 0.5) * 0.04) * 1e5) / 1e5,
      lon: Math.round((city.lon + (rng.next() - 0.5) * 0.06) * 1e5) / 1e5,
      openedMs,
      closedMs: null
    };
  });
  out.sort((a, b) => a.openedMs - b.openedMs);

  // Two closures (the landlord gave in to pressure), one of them reopening at a new address.
  const closable = out.filter((h, i) => i >= 8 && i < out.length - 10);
  const first = closable[rng.range(0, Math.floor(closable.length / 2) - 1)];
  const second = closable[rng.range(Math.floor(closable.length / 2), closable.length - 1)];
  for (const [h, reopen] of [
    [first, true],
    [second, false]
  ] as const) {
    const closedMs = h.openedMs + rng.range(40, 110) * DAY_MS + rng.int(10) * HOUR_MS;
    if (closedMs >= endMs) continue;
    h.closedMs = closedMs;
    const again = closedMs + rng.range(12, 30) * DAY_MS;
    if (reopen && again < endMs) {
      out.push({
        ...h,
        name: hqName(spec, h.city, spec.lang === 'ru' ? ' (новый адрес)' : ' (new address)'),
        lat: Math.round((h.city.lat + (rng.next() - 0.5) * 0.04) * 1e5) / 1e5,
        lon: Math.round((h.city.lon + (rng.next() - 0.5) * 0.06) * 1e5) / 1e5,
        openedMs: again,
        closedMs: null
      });
    }
  }
  out.sort((a, b) => a.openedMs - b.openedMs);
  out.forEach((h, i) => (h.id = `hq-${String(i + 1).padStart(3, '0')}`));
  return out;
}
