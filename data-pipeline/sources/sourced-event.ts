/** An event as one source lists it, before its region is found and before the same event from other sources is merged. */
import type { EventKind, EventStatus } from '../../shared/cube/format.ts';

/** Where the source says the event is; any part may be missing. */
export interface EventPlace {
  locality: string | null;
  /** As the source writes it ("IL", "Illinois", "US-IL"), or null. */
  region: string | null;
  lat: number | null;
  lon: number | null;
}

export interface SourcedEvent {
  /** The config name of an OSDI source, the path of a CSV. */
  source: string;
  id: string;
  /** ISO, UTC. */
  time: string;
  title: string;
  kind: EventKind;
  status: EventStatus | null;
  url: string | null;
  /** A region code the source already gives (CSV `region_code`), checked against the pack no further. */
  regionCode: string | null;
  place: EventPlace;
  rsvps: number | null;
}
