/**
 * A region's own view (`?focus=CODE`): what a coordinator needs about one region, from the same numbers as the
 * readiness table (progress to the cap, forecast), the map (headquarters sized by supporters within reach) and the
 * events list (lift from attribution). The rank is by share of cap among the regions that have one, under the same
 * filters, so it moves with the brush like the table does.
 */
import type { CoreData } from '$shared/cube/dataset';
import type { EventRow, HeadquartersRow, RegionUnresolved } from '$shared/cube/format';
import type { EventAttribution } from '$shared/metrics/attribution';
import { computeReadiness, isOpenAt, type ReadinessRow } from '$shared/metrics/readiness';
import type { RegionalScan } from '$shared/scan/types';
import { msOfHour } from '$shared/time/hours';
import { reachPerHeadquarters } from '../geo/markers';

export interface RegionFocus {
  readiness: ReadinessRow;
  /** 1 = highest share of cap; null without a cap. */
  rank: number | null;
  /** Regions with a cap, the rank's denominator. */
  ranked: number;
  /** Open at the end of the range, most supporters within reach first. */
  headquarters: { hq: HeadquartersRow; reach: number }[];
  /** null for data sets published before these counts were. */
  unresolved: RegionUnresolved | null;
  /** The region's own events, latest first; `lift` null until attribution is computed or when it has no data after it. */
  events: { event: EventRow; lift: EventAttribution | null }[];
}

export function regionFocus(dataset: CoreData, scan: RegionalScan, code: string, attribution: ReadonlyMap<string, EventAttribution>): RegionFocus | null {
  const rows = computeReadiness(dataset, scan);
  const readiness = rows.find((r) => r.code === code);
  if (!readiness) return null;
  const capped = rows.filter((r) => r.share !== null).sort((a, b) => b.share! - a.share! || a.code.localeCompare(b.code));
  const at = msOfHour(scan.range[1] - 1);
  const open = dataset.headquarters.filter((hq) => hq.regionCode === code && isOpenAt(hq, at));
  const reach = reachPerHeadquarters(open, new Map([[code, scan.regions.get(code)?.reachable ?? 0]]));
  return {
    readiness,
    rank: readiness.share === null ? null : capped.findIndex((r) => r.code === code) + 1,
    ranked: capped.length,
    headquarters: open.map((hq) => ({ hq, reach: reach.get(hq.id) ?? 0 })).sort((a, b) => b.reach - a.reach || a.hq.name.localeCompare(b.hq.name)),
    unresolved: dataset.regions.find((r) => r.code === code)?.unresolved ?? null,
    events: dataset.events
      .filter((e) => e.regionCode === code)
      .sort((a, b) => b.time.localeCompare(a.time))
      .map((event) => ({ event, lift: attribution.get(event.id) ?? null }))
  };
}
