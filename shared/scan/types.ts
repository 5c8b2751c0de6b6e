/**
 * The linked-view engine's contract: one coordinator owns the filters over the registrations cube, every view
 * reads its numbers from it and writes filters back. A view's own dimension is not filtered in what it reads
 * (crossfilter semantics), so a bar chart shows the other bars greyed rather than vanishing when clicked.
 */
import type { CoreData } from '../cube/dataset';
import type { Stage } from '../cube/format';

export interface FilterState {
  /** Half-open range of hours since the epoch (UTC), or null for the whole campaign. */
  hours: [number, number] | null;
  /** Region codes; empty means all. */
  regions: string[];
  sources: string[];
  distance: string[];
  /** The measure the views show (registered by default). */
  stage: Stage;
}

export type StageCounts = Record<Stage, number>;

export interface SeriesPoint {
  /** First hour of the bin (hours since epoch, UTC). */
  hour: number;
  counts: StageCounts;
}

/** One bin of the regional share: registrations from the group's regions and from all, under the source and distance filters. */
export interface SharePoint {
  hour: number;
  group: number;
  all: number;
}

export interface RegionTally {
  counts: StageCounts;
  /** `future` in the distance classes within reach of a headquarters (city + near). */
  available: number;
  /** Registrations (the filter's stage) within reach: what a headquarters marker is sized by. */
  reachable: number;
  /** `available` registered on each of the recent complete days, oldest first (see `RegionalScan.recent`): the forecast's rate and spread. */
  recentAvailable: number[];
}

/** The regional views' numbers: under every filter but the region filter, which the views apply themselves. */
export interface RegionalScan {
  /** Region code → tally; every region of the dimension is present, even with zeros. */
  regions: Map<string, RegionTally>;
  /** Half-open hour range the numbers cover (the brush, or the whole cube). */
  range: [number, number];
  /** Half-open hour range of the recent complete days and how many days it spans (0 when the range is shorter than a day). */
  recent: { from: number; to: number; days: number };
}

export interface RegistrationsEngine {
  readonly dataset: CoreData;
  getFilters(): FilterState;
  /** Applies a partial change and notifies subscribers once. */
  setFilters(patch: Partial<FilterState>): void;
  /** Called after every filter change; returns the unsubscribe function. */
  subscribe(listener: (filters: FilterState) => void): () => void;
  /** Totals under every filter. */
  totals(): StageCounts;
  /** Lifetime totals, no filter. */
  lifetime(): StageCounts;
  /** Hourly counts under every filter except the time range, binned to `binHours` (1, 24 or 168). */
  series(binHours: number): SeriesPoint[];
  /** Counts under every filter except the named dimension's own. */
  byRegion(): Map<string, StageCounts>;
  bySource(): Map<string, StageCounts>;
  byDistance(): Map<string, StageCounts>;
  /** The regional breakdown (map, readiness table); computed once per change of anything but the region filter. */
  regional(): RegionalScan;
  /** Registrations from `regions` against all, binned like `series` (which it shares the filters of but the region filter). */
  regionShare(regions: readonly string[], binHours: number): SharePoint[];
  /** The regional breakdown with no filter, computed once: the header's campaign figures (progress to the target and cap). */
  lifetimeRegional(): RegionalScan;
  /** Builds ahead what the first time-filtered query needs, so it does not fall on the first brush move. */
  prepare(): void;
  dispose(): void;
}
