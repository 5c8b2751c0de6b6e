/**
 * The headquarters planner: where one more office brings the most future signatures within reach that its
 * region's cap can still absorb, and what a plan (offices added or closed) does to the capped total.
 *
 * Definitions (the README's "Headquarters planner" repeats them):
 * - an office reaches the cities within nearKm of it (its own city included);
 * - available in a region = future signatures of its cities that some office of the plan reaches;
 * - capped total = Σ over regions of min(available, cap) (a region without a cap, cap ≤ 0, counts in full);
 * - forecast = Σ over regions of min(available + recent daily rate of those supporters × days left, cap);
 * - a candidate's gain = the capped total with an office in that city − the capped total without it: only
 *   supporters no office reaches yet count, and a region already at its cap adds nothing.
 *
 * Reach lists are computed once (construction); a what-if then walks only those lists, so it stays far below
 * the 50 ms target (bench/planner.bench.ts).
 */
import { haversineKm } from '../geo/haversine';

export interface PlannerCity {
  id: number;
  name: string;
  region: string;
  lat: number;
  lon: number;
  /** Future signatures to date. */
  future: number;
  /** Future signatures registered over the recent days (the forecast's daily rate = recent / recentDays). */
  recent: number;
}

export interface PlannerOffice {
  id: string;
  lat: number;
  lon: number;
}

export interface PlannerInput {
  cities: PlannerCity[];
  /** Region code → cap; ≤ 0 or absent: no cap. */
  caps: ReadonlyMap<string, number>;
  /** Offices open today. */
  offices: PlannerOffice[];
  nearKm: number;
  recentDays: number;
  daysLeft: number;
  target: number;
}

/** Offices to open (by city id) and to close (by office id) on top of today's network. */
export interface Plan {
  open: number[];
  close: string[];
}

export interface PlanTotals {
  /** Future signatures within reach of the plan's offices, uncapped. */
  available: number;
  /** Σ min(available, cap) over regions. */
  capped: number;
  /** Σ min(forecast at deadline, cap) over regions. */
  forecast: number;
}

export interface PlanOutcome {
  today: PlanTotals;
  plan: PlanTotals;
  target: number;
  /** Regions whose available already meets the cap under the plan. */
  cappedRegions: Set<string>;
}

export interface Candidate {
  city: PlannerCity;
  /** Capped future signatures the office would add to the plan. */
  gain: number;
  /** Future signatures in its reach that no office of the plan reaches (before caps). */
  unreached: number;
}

export class HqPlanner {
  readonly cities: PlannerCity[];
  private readonly regionOf: Int32Array;
  private readonly caps: Float64Array;
  private readonly regionCodes: string[];
  /** reach[c]: indexes of the cities within nearKm of city c. */
  private readonly reach: Int32Array[];
  private readonly officeReach = new Map<string, Int32Array>();
  private readonly cityIndex = new Map<number, number>();
  private readonly rate: number;

  constructor(private readonly input: PlannerInput) {
    this.cities = input.cities;
    this.regionCodes = [...new Set(input.cities.map((c) => c.region))];
    const regionIndex = new Map(this.regionCodes.map((r, i) => [r, i]));
    this.regionOf = Int32Array.from(input.cities, (c) => regionIndex.get(c.region) ?? 0);
    this.caps = Float64Array.from(this.regionCodes, (r) => {
      const cap = input.caps.get(r) ?? 0;
      return cap > 0 ? cap : Infinity;
    });
    input.cities.forEach((c, i) => this.cityIndex.set(c.id, i));
    this.rate = input.recentDays > 0 ? input.daysLeft / input.recentDays : 0;
    const byLat = Int32Array.from(input.cities, (_, i) => i).sort((a, b) => input.cities[a].lat - input.cities[b].lat);
    this.reach = input.cities.map((c) => this.within(c.lat, c.lon, byLat));
    for (const o of input.offices) this.officeReach.set(o.id, this.within(o.lat, o.lon, byLat));
  }

  /** Cities within nearKm of a point, scanning only the latitude band that can hold them. */
  private within(lat: number, lon: number, byLat: Int32Array): Int32Array {
    const cities = this.input.cities;
    const band = this.input.nearKm / 110.5;
    let lo = 0;
    let hi = byLat.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cities[byLat[mid]].lat < lat - band) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let k = lo; k < byLat.length && cities[byLat[k]].lat <= lat + band; k++) {
      const c = cities[byLat[k]];
      if (haversineKm(lat, lon, c.lat, c.lon) <= this.input.nearKm) out.push(byLat[k]);
    }
    return Int32Array.from(out);
  }

  /** How many offices of the plan reach each city. */
  private cover(plan: Plan | null): Int32Array {
    const cover = new Int32Array(this.cities.length);
    const closed = new Set(plan?.close ?? []);
    for (const [id, reach] of this.officeReach) if (!closed.has(id)) for (const c of reach) cover[c]++;
    for (const id of plan?.open ?? []) {
      const c = this.cityIndex.get(id);
      if (c !== undefined) for (const k of this.reach[c]) cover[k]++;
    }
    return cover;
  }

  private sums(cover: Int32Array): { available: Float64Array; recent: Float64Array } {
    const available = new Float64Array(this.regionCodes.length);
    const recent = new Float64Array(this.regionCodes.length);
    for (let c = 0; c < cover.length; c++) {
      if (cover[c] === 0) continue;
      available[this.regionOf[c]] += this.cities[c].future;
      recent[this.regionOf[c]] += this.cities[c].recent;
    }
    return { available, recent };
  }

  private totals(available: Float64Array, recent: Float64Array): PlanTotals {
    const t: PlanTotals = { available: 0, capped: 0, forecast: 0 };
    for (let r = 0; r < available.length; r++) {
      t.available += available[r];
      t.capped += Math.min(available[r], this.caps[r]);
      t.forecast += Math.min(Math.round(available[r] + recent[r] * this.rate), this.caps[r]);
    }
    return t;
  }

  /** Today's network does not change while a plan is edited: computed once. */
  private todayTotals: PlanTotals | null = null;

  evaluate(plan: Plan): PlanOutcome {
    if (!this.todayTotals) {
      const today = this.sums(this.cover(null));
      this.todayTotals = this.totals(today.available, today.recent);
    }
    const planned = this.sums(this.cover(plan));
    const cappedRegions = new Set(this.regionCodes.filter((_, r) => planned.available[r] >= this.caps[r]));
    return { today: this.todayTotals, plan: this.totals(planned.available, planned.recent), target: this.input.target, cappedRegions };
  }

  /** Every city without a planned office, by gain, then unreached supporters, then GeoNames id (stable). */
  candidates(plan: Plan): Candidate[] {
    const cover = this.cover(plan);
    const { available } = this.sums(cover);
    const opened = new Set(plan.open);
    const added = new Float64Array(this.regionCodes.length);
    const touched = new Int32Array(this.regionCodes.length);
    const out: Candidate[] = [];
    for (let c = 0; c < this.cities.length; c++) {
      const city = this.cities[c];
      if (opened.has(city.id)) continue;
      let unreached = 0;
      let n = 0;
      for (const k of this.reach[c]) {
        // Skipping empty cities keeps `added[r] === 0` meaning "region not yet touched".
        if (cover[k] > 0 || this.cities[k].future === 0) continue;
        const r = this.regionOf[k];
        if (added[r] === 0) touched[n++] = r;
        added[r] += this.cities[k].future;
        unreached += this.cities[k].future;
      }
      let gain = 0;
      for (let t = 0; t < n; t++) {
        const r = touched[t];
        gain += Math.min(available[r] + added[r], this.caps[r]) - Math.min(available[r], this.caps[r]);
        added[r] = 0;
      }
      out.push({ city, gain, unreached });
    }
    return out.sort((a, b) => b.gain - a.gain || b.unreached - a.unreached || a.city.id - b.city.id);
  }
}
