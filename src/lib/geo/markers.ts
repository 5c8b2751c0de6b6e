/**
 * Headquarters markers: sized by supporters within reach and moved apart so none hides another. The European
 * part of Russia has dozens of headquarters a few hundred km apart, which at country scale is a few pixels, so
 * markers are displaced from their true spot (the view draws a leader line back to it) rather than stacked.
 */
import { forceCollide, forceSimulation, forceX, forceY, scaleSqrt, type SimulationNodeDatum } from 'd3';
import type { HeadquartersRow } from '$shared/cube/format';
import { classesTop } from './map-classes';

export interface Marker {
  id: string;
  name: string;
  city: string;
  regionCode: string;
  /** True position. */
  ax: number;
  ay: number;
  /** Drawn position, after de-overlapping. */
  x: number;
  y: number;
  r: number;
  /** Supporters within reach this marker stands for. */
  value: number;
}

/** What a marker stands on: a headquarters, or a campaign event's venue (the map's events layer). */
export type MarkerPoint = Pick<HeadquartersRow, 'id' | 'name' | 'city' | 'regionCode' | 'lat' | 'lon'>;

/** Gap kept between markers, in px. */
const GAP = 1;
const FORCE_TICKS = 120;
const RELAX_ROUNDS = 60;
/** Warm updates: rounds of "drift back toward the true spot, then separate" so shrinking markers settle home. */
const WARM_ROUNDS = 4;
const WARM_PULL = 0.25;

/**
 * Supporters within reach per headquarters: the region's registrations in cities with a headquarters or near
 * one, shared equally by the region's open headquarters (the cube has regions, not cities, so that is as fine
 * as the data allows).
 */
export function reachPerHeadquarters(open: HeadquartersRow[], reachableByRegion: Map<string, number>): Map<string, number> {
  const perRegion = new Map<string, number>();
  for (const hq of open) perRegion.set(hq.regionCode, (perRegion.get(hq.regionCode) ?? 0) + 1);
  return new Map(open.map((hq) => [hq.id, (reachableByRegion.get(hq.regionCode) ?? 0) / perRegion.get(hq.regionCode)!]));
}

/** Marker radius range for a map width: 4–18 px at desktop width, smaller on a phone. */
export function radiusRange(width: number): [number, number] {
  return [Math.max(2.5, Math.min(4, width / 320)), Math.max(8, Math.min(18, width / 70))];
}

/**
 * Projects, sizes and de-overlaps. `project` returns null for points the projection cannot place (Albers USA
 * outside its insets): those headquarters are left out. With `previous` (the last layout at the same projection)
 * the layout restarts from there, as on a brush move where mostly sizes change, instead of running the
 * force simulation again, which costs a few ms instead of tens (hundreds for a dense cluster of 200). Markers come
 * back in the order of `open`.
 */
export function placeMarkers(
  open: readonly MarkerPoint[],
  values: Map<string, number>,
  project: (lonLat: [number, number]) => [number, number] | null,
  width: number,
  previous: readonly Marker[] = []
): Marker[] {
  // Sized against the largest value rounded up like the map's count classes, not the brush's own largest: a brush
  // move then resizes only the markers whose own value changed enough to show, instead of all of them.
  const top = classesTop(Math.max(...open.map((hq) => values.get(hq.id) ?? 0)));
  const radius = scaleSqrt().domain([0, top]).range(radiusRange(width));
  const markers: Array<Marker & SimulationNodeDatum> = [];
  for (const hq of open) {
    const p = project([hq.lon, hq.lat]);
    if (!p) continue;
    const value = values.get(hq.id) ?? 0;
    // In steps of 2 px (eight sizes from 4 to 18 px at desktop width), which still tell big from small: a marker
    // resized is drawn again with every region beneath it, and in steps of 1 px about nine of the bench's 19
    // markers still changed size on each brush move (none in steps of 2).
    markers.push({ id: hq.id, name: hq.name, city: hq.city, regionCode: hq.regionCode, ax: p[0], ay: p[1], x: p[0], y: p[1], r: 2 * Math.round(radius(value) / 2), value });
  }
  // Drawn in the headquarters' own order, whatever their sizes: a brush move then only moves and resizes the
  // markers' circles, where an order by size would move DOM nodes on most moves (and the keyboard's tab order).
  const drawn = markers.slice();
  // Bigger markers first, so the quadtree collide settles them and the small ones move around them.
  markers.sort((a, b) => b.r - a.r || a.id.localeCompare(b.id));
  const before = new Map(previous.map((m) => [m.id, m]));
  // Warm when the projection is unchanged (a marker kept from the last layout has the same true position);
  // headquarters opened or closed by the new range start at their true spot and are pushed into place.
  const kept = markers.filter((m) => before.has(m.id));
  const warm = kept.length > 0 && kept.every((m) => before.get(m.id)!.ax === m.ax && before.get(m.id)!.ay === m.ay);
  if (warm) {
    for (const m of kept) {
      const p = before.get(m.id)!;
      m.x = p.x;
      m.y = p.y;
    }
    for (let round = 0; round < WARM_ROUNDS; round++) {
      for (const m of markers) {
        m.x += (m.ax - m.x) * WARM_PULL;
        m.y += (m.ay - m.y) * WARM_PULL;
      }
      relax(markers, 4);
    }
  } else {
    forceSimulation(markers)
      .force('x', forceX<Marker>((d) => d.ax).strength(0.15))
      .force('y', forceY<Marker>((d) => d.ay).strength(0.15))
      .force('collide', forceCollide<Marker>((d) => d.r + GAP).strength(1).iterations(3))
      .stop()
      .tick(FORCE_TICKS);
  }
  relax(markers, RELAX_ROUNDS);
  return drawn.map(({ id, name, city, regionCode, ax, ay, x, y, r, value }) => ({ id, name, city, regionCode, ax, ay, x, y, r, value }));
}

/**
 * The force layout ends with its anchors still pulling, which can leave a pixel or two of overlap in dense
 * clusters; a few rounds of pairwise push-apart finish the job (n is at most a few hundred, so O(n²) is cheap).
 */
function relax(markers: Marker[], rounds: number): void {
  for (let round = 0; round < rounds; round++) {
    let worst = 0;
    for (let i = 0; i < markers.length; i++) {
      for (let j = i + 1; j < markers.length; j++) {
        const a = markers[i];
        const b = markers[j];
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        // Not Math.hypot: this loop runs some 20,000 times a brush move, and hypot's overflow-safe scaling is
        // slower (and allocated in the page's profile) for distances of a few hundred pixels.
        let d = Math.sqrt(dx * dx + dy * dy);
        const overlap = a.r + b.r + GAP - d;
        if (overlap <= 0) continue;
        worst = Math.max(worst, overlap);
        if (d === 0) {
          // Coincident: separate along a fixed direction so the result is deterministic.
          dx = 1;
          dy = 0;
          d = 1;
        }
        const push = overlap / 2 / d;
        a.x -= dx * push;
        a.y -= dy * push;
        b.x += dx * push;
        b.y += dy * push;
      }
    }
    if (worst < 0.25) return;
  }
}

/** Largest overlap between any two markers' circles, in px (0 when none touch). */
export function maxOverlap(markers: Array<Pick<Marker, 'x' | 'y' | 'r'>>): number {
  let worst = 0;
  for (let i = 0; i < markers.length; i++) {
    for (let j = i + 1; j < markers.length; j++) {
      const a = markers[i];
      const b = markers[j];
      worst = Math.max(worst, a.r + b.r - Math.hypot(b.x - a.x, b.y - a.y));
    }
  }
  return worst;
}
