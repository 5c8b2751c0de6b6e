/**
 * One list of events from several sources. Campaigns working together list the same rally in each of their
 * systems; counted twice it would split its registrations between two twins in attribution and crowd the map.
 * Two events are one when they come from different sources, start within an hour of each other, are at the same
 * place (venues within a kilometre) or in the same city (else the same region, when neither names a city), and
 * have similar titles. Pure: no I/O, the input order is the config's order of sources, which decides whose
 * title, id and link the merged event keeps.
 */
import { distance } from 'fastest-levenshtein';
import type { EventRow } from '../../shared/cube/format.ts';
import { haversineKm } from '../../shared/geo/haversine.ts';
import type { SourcedEvent } from '../sources/sourced-event.ts';
import type { EventLocation } from './event-region.ts';

export interface LocatedEvent {
  event: SourcedEvent;
  location: EventLocation;
}

export interface MergeResult {
  /** Sorted by time. */
  events: EventRow[];
  /** Events that joined another one: the input count minus the output count. */
  merged: number;
  /** Pairs from two sources at the same hour and place whose titles differ too much to be one event. */
  keptApart: number;
}

const WINDOW_MS = 3_600_000;
/** Venues this close are one place: a geocoder puts one square's address a few hundred metres apart. */
const SAME_PLACE_KM = 1;
/** Edits per character of the longer title that still make two titles one ("Rally for Justice" / "Rally 4 Justice"). */
const TITLE_DISTANCE = 0.3;

function simplify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function similarTitles(a: string, b: string): boolean {
  const x = simplify(a);
  const y = simplify(b);
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  // One system's title is often the other's plus a suffix ("Town hall" / "Town hall — Springfield").
  if (short.length >= 8 && long.includes(short)) return true;
  return distance(x, y) <= TITLE_DISTANCE * long.length;
}

export function samePlace(a: LocatedEvent, b: LocatedEvent): boolean {
  const [pa, pb] = [a.location, b.location];
  const points = pa.lat !== null && pa.lon !== null && pb.lat !== null && pb.lon !== null;
  if (points && haversineKm(pa.lat!, pa.lon!, pb.lat!, pb.lon!) <= SAME_PLACE_KM) return true;
  const [la, lb] = [a.event.place.locality, b.event.place.locality];
  if (la !== null && lb !== null) return simplify(la) === simplify(lb);
  if (points) return false;
  return pa.regionCode !== null && pa.regionCode === pb.regionCode;
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/** `members` in config order: the first one's id, title, kind and link stand for the event. */
function toRow(members: LocatedEvent[]): EventRow {
  const first = members[0].event;
  const located = members.find((m) => m.location.lat !== null && m.location.lon !== null)?.location;
  const statuses = members.map((m) => m.event.status).filter((s) => s !== null);
  // One system still saying "confirmed" outweighs another's cancellation: the other may just be out of date.
  const status = statuses.length === 0 ? null : statuses.every((s) => s === 'cancelled') ? 'cancelled' : (statuses.find((s) => s !== 'cancelled') ?? null);
  const counts = members.map((m) => m.event.rsvps).filter((n) => n !== null);
  const row: EventRow = {
    id: first.id,
    time: first.time,
    title: first.title,
    kind: first.kind,
    regionCode: members.find((m) => m.location.regionCode !== null)?.location.regionCode ?? null,
    url: members.find((m) => m.event.url !== null)?.event.url ?? null,
    sources: [...new Set(members.map((m) => m.event.source))]
  };
  if (status !== null) row.status = status;
  // The largest count, not the sum: systems that list one event usually mirror each other's sign-ups.
  if (counts.length > 0) row.rsvps = Math.max(...counts);
  if (located) {
    row.lat = round(located.lat!);
    row.lon = round(located.lon!);
  }
  return row;
}

export function mergeEvents(input: readonly LocatedEvent[]): MergeResult {
  const rank = new Map(input.map((e, i) => [e, i]));
  const byTime = [...input].sort((a, b) => Date.parse(a.event.time) - Date.parse(b.event.time) || rank.get(a)! - rank.get(b)!);
  const groups: LocatedEvent[][] = [];
  let open = 0;
  let keptApart = 0;
  for (const e of byTime) {
    const t = Date.parse(e.event.time);
    while (open < groups.length && t - Date.parse(groups[open][0].event.time) > WINDOW_MS) open++;
    let home: LocatedEvent[] | null = null;
    for (let g = open; g < groups.length && home === null; g++) {
      const anchor = groups[g][0];
      if (groups[g].some((m) => m.event.source === e.event.source) || !samePlace(anchor, e)) continue;
      if (similarTitles(anchor.event.title, e.event.title)) home = groups[g];
      else keptApart++;
    }
    if (home) home.push(e);
    else groups.push([e]);
  }
  const events = groups
    .map((members) => toRow([...members].sort((a, b) => rank.get(a)! - rank.get(b)!)))
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return { events, merged: input.length - groups.length, keptApart };
}
