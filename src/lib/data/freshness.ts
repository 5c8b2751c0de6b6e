/**
 * How old the data on screen is, in words ("updated 4 minutes ago"), and whether it is older than the campaign
 * allows: a dashboard left open on a wall must say when the builds have stopped, not show old numbers as current.
 */
import { DEFAULT_DASHBOARD_REFRESH, type Manifest } from '$shared/cube/format';
import type { Language } from '$shared/i18n/language';
import { m } from '$shared/i18n/paraglide/messages.js';

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

export function freshness(manifest: Manifest, nowMs: number, locale?: Language): Freshness {
  const minutes = Math.max(0, Math.floor((nowMs - Date.parse(manifest.generatedAt)) / 60_000));
  const limit = (manifest.campaign.dashboard ?? DEFAULT_DASHBOARD_REFRESH).staleAfterMinutes;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const [unit, size] = UNITS.find(([, size]) => minutes >= size) ?? ['minute', 1];
  return { text: m.freshness_updated({ when: format.format(-Math.floor(minutes / size), unit) }, { locale }), stale: minutes > limit, minutes };
}
