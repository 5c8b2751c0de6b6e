/**
 * How old the data on screen is, in words ("updated 4 minutes ago"), and whether it is older than the campaign
 * allows: a dashboard left open on a wall must say when the builds have stopped, not show old numbers as current.
 */
import { DEFAULT_DASHBOARD_REFRESH, type Manifest } from '$shared/cube/format';

export interface Freshness {
  text: string;
  stale: boolean;
  /** Whole minutes since the publish; never negative (a server clock ahead of the browser's reads as "now"). */
  minutes: number;
}

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 1440],
  ['hour', 60],
  ['minute', 1]
];

export function freshness(manifest: Manifest, nowMs: number, locale?: string): Freshness {
  const minutes = Math.max(0, Math.floor((nowMs - Date.parse(manifest.generatedAt)) / 60_000));
  const limit = (manifest.campaign.dashboard ?? DEFAULT_DASHBOARD_REFRESH).staleAfterMinutes;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const [unit, size] = UNITS.find(([, size]) => minutes >= size) ?? ['minute', 1];
  return { text: `updated ${format.format(-Math.floor(minutes / size), unit)}`, stale: minutes > limit, minutes };
}
