/**
 * The editor's example queries, written for the loaded campaign: its time zone's offset (the tables are in UTC,
 * and DuckDB-WASM converts zones only with the ICU extension, which is not bundled), its sources as columns so
 * the chart draws one line per source, and its largest region.
 */
import { m } from '$shared/i18n/paraglide/messages.js';
import type { Manifest } from '$shared/cube/format';
import { msOfHour } from '$shared/time/hours';
import { HOUR_MS } from '$shared/time/units';
import { zoneClockOf } from '$shared/time/zone-clock';
import { sqlString } from './tables';

export interface Example {
  /** Stable across languages (the button's `data-example`). */
  id: string;
  title: string;
  sql: string;
}

/** Sources drawn as lines: the chart shows four series at most. */
const MAX_SOURCES = 4;

export function examples(manifest: Manifest): Example[] {
  // DuckDB-WASM has no time zone database offline (ICU is a downloaded extension): the example shifts by the zone's
  // offset at the campaign's first hour, which a DST zone misses by an hour for part of the year.
  const offset = zoneClockOf(manifest.campaign.timeZone).offsetAt(msOfHour(manifest.hours.first)) / HOUR_MS;
  const local = `hour + INTERVAL ${offset} HOUR`;
  const zone = manifest.campaign.timeZone;
  const sources = manifest.dimensions.source.slice(0, MAX_SOURCES);
  const perSource = sources.map((s) => `  sum(registered) FILTER (WHERE source = ${sqlString(s)}) AS ${JSON.stringify(s)}`).join(',\n');
  return [
    {
      id: 'hour-of-week',
      title: m.explore_example_profile(),
      sql: `-- Registrations by hour of the week, ${zone} time (UTC${offset >= 0 ? '+' : ''}${offset})
SELECT strftime(${local}, '%a %H:00') AS hour_of_week, sum(registered) AS registered
FROM registrations
GROUP BY isodow(${local}), hour(${local}), hour_of_week
ORDER BY isodow(${local}), hour(${local})`
    },
    {
      id: 'sources',
      title: m.explore_example_sources(),
      sql: `-- Daily registrations by source, ${zone} days
SELECT date_trunc('day', ${local}) AS day,
${perSource}
FROM registrations
GROUP BY day
ORDER BY day`
    },
    {
      id: 'funnel',
      title: m.explore_example_funnel(),
      sql: `-- The funnel of the region with the most registrations
UNPIVOT (
  SELECT sum(registered) AS registered, sum(phone) AS phone, sum(email) AS email,
         sum(questionnaire) AS questionnaire, sum(future) AS future
  FROM registrations
  WHERE region = (SELECT region FROM registrations GROUP BY region ORDER BY sum(registered) DESC LIMIT 1)
) ON registered, phone, email, questionnaire, future INTO NAME stage VALUE people`
    }
  ];
}
