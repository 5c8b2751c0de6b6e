/**
 * The cities view's rows: the largest cities by supporters up to the end of the brushed period, their growth over
 * it, the distance to the nearest headquarters open at its end, whether their region's cap is met, and how many
 * spellings resolved to them. Days are the city table's: a small city's cell is dated by the day its count
 * reached the small-cell threshold, so its growth may show a few days late.
 */
import type { CityTable } from '$shared/cube/city-table';
import type { Stage } from '$shared/cube/format';
import { haversineKm } from '$shared/geo/haversine';
import { citySums } from '$shared/metrics/city-sums';

export interface CityRow {
  id: number;
  name: string;
  region: string;
  /** Count of the stage up to the last day of the period. */
  supporters: number;
  /** Count of the stage within the period. */
  growth: number;
  /** growth ÷ supporters before the period; null when there were none. */
  growthShare: number | null;
  /** Distance to the nearest open headquarters, km; null without one. */
  hqKm: number | null;
  regionCapped: boolean;
  spellings: number;
}

export interface CityQuery {
  stage: Stage;
  /** Local days, inclusive. */
  fromDay: number;
  toDay: number;
  /** Region filter; empty: every region. */
  regions: readonly string[];
  offices: ReadonlyArray<{ lat: number; lon: number }>;
  cappedRegions: ReadonlySet<string>;
  limit: number;
}

export function cityRows(table: CityTable, q: CityQuery): CityRow[] {
  const upTo = citySums(table, q.stage, -Infinity, q.toDay);
  const within = citySums(table, q.stage, q.fromDay, q.toDay);
  const regions = new Set(q.regions);
  const order = table.cities
    .map((_, i) => i)
    .filter((i) => upTo[i] > 0 && (regions.size === 0 || regions.has(table.cities[i].region)))
    .sort((a, b) => upTo[b] - upTo[a] || table.cities[a].name.localeCompare(table.cities[b].name))
    .slice(0, q.limit);
  return order.map((i) => {
    const c = table.cities[i];
    const before = upTo[i] - within[i];
    const km = q.offices.reduce((m, o) => Math.min(m, haversineKm(c.lat, c.lon, o.lat, o.lon)), Infinity);
    return {
      id: c.id,
      name: c.name,
      region: c.region,
      supporters: upTo[i],
      growth: within[i],
      growthShare: before > 0 ? within[i] / before : null,
      hqKm: Number.isFinite(km) ? km : null,
      regionCapped: q.cappedRegions.has(c.region),
      spellings: c.spellings
    };
  });
}
