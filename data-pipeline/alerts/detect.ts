/**
 * The conditions worth waking someone for, read from the published data set alone:
 * - a gateway whose delivered share has stayed below the threshold for `outageHours` or more, up to the latest
 *   hour of the data (an outage that is over is history, the report's business, not an alert);
 * - no registration for `silentHours` hours of the campaign's daytime, inside its collection window: a broken
 *   form looks exactly like this (so does a pipeline that stopped reading new exports, which also needs a person);
 * - a region whose available supporters reached `capShare` of its cap (the readiness table's definitions).
 * Each condition has a stable key, so a run can tell a new incident from one it has already reported.
 */
import type { Dataset } from '../../shared/cube/dataset.ts';
import { detectOutages } from '../../shared/metrics/deliverability.ts';
import { deadlineHour } from '../../shared/metrics/campaign-figures.ts';
import { computeReadiness } from '../../shared/metrics/readiness.ts';
import { cubeRows } from '../../shared/scan/cube-rows.ts';
import { regionalQuery } from '../../shared/scan/regional-query.ts';
import { DEFAULT_FILTERS } from '../../shared/scan/scan-engine.ts';
import { dayOfIsoDate } from '../../shared/time/civil-date.ts';
import { isoOfHour, msOfHour } from '../../shared/time/hours.ts';
import { localDaysOf } from '../../shared/time/local-days.ts';
import { zoneClockOf } from '../../shared/time/zone-clock.ts';
import { HOUR_MS } from '../../shared/time/units.ts';
import type { AlertSettings } from './settings.ts';

export const ALERT_KINDS = ['gateway-outage', 'no-registrations', 'region-cap'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertCondition {
  key: string;
  kind: AlertKind;
  /** First hour (since epoch, UTC) of the condition, as far as the data shows. */
  sinceHour: number;
  summary: string;
}

const percent = (share: number): string => `${Math.round(share * 100)}%`;

export function gatewayOutages(data: Dataset, settings: AlertSettings): AlertCondition[] {
  const end = data.manifest.hours.last + 1;
  return detectOutages(data.deliveries, data.manifest, { threshold: settings.deliveredShareBelow, minHours: settings.outageHours, minVolume: settings.minMessages })
    .filter((o) => o.to >= end)
    .map((o) => ({
      key: `gateway-outage ${o.channel}/${o.gateway}`,
      kind: 'gateway-outage',
      sinceHour: o.from,
      summary: `${o.channel} gateway ${o.gateway}: ${percent(o.share)} delivered over the last ${o.to - o.from} h (${o.delivered} of ${o.volume} messages since ${isoOfHour(o.from)}), below ${percent(settings.deliveredShareBelow)}`
    }));
}

/** The last hour with a registration, or null for an empty cube. */
function lastRegistrationHour(data: Dataset): number | null {
  const { hour, registered } = data.registrations.columns;
  let last: number | null = null;
  for (let i = 0; i < data.registrations.rows; i++) if (registered[i] > 0 && (last === null || hour[i] > last)) last = hour[i];
  return last;
}

export function registrationSilence(data: Dataset, settings: AlertSettings, nowHour: number): AlertCondition[] {
  const { campaign } = data.manifest;
  const last = lastRegistrationHour(data);
  const windowStart = localDaysOf(campaign.timeZone).startHour(dayOfIsoDate(campaign.window.start));
  const from = Math.max(last === null ? windowStart : last + 1, windowStart);
  // Once the window has closed, silence is expected.
  if (nowHour >= deadlineHour(campaign)) return [];
  // Only complete hours count: the hour now running may still bring its first registration.
  const to = nowHour;
  const clock = zoneClockOf(campaign.timeZone);
  const { from: dayFrom, to: dayTo } = settings.daytime;
  let silent = 0;
  for (let h = from; h < to; h++) {
    const local = Math.floor((msOfHour(h) + clock.offsetAt(msOfHour(h))) / HOUR_MS) % 24;
    if (local >= dayFrom && local < dayTo) silent++;
  }
  if (silent < settings.silentHours) return [];
  const since = last === null ? 'the start of the window' : isoOfHour(last);
  return [
    {
      key: 'no-registrations',
      kind: 'no-registrations',
      sinceHour: from,
      summary: `no registrations for ${silent} daytime hours (${dayFrom}:00–${dayTo}:00 ${campaign.timeZone}), the last in the hour of ${since}: check the registration form, and that the builds read new exports`
    }
  ];
}

export function regionsAtCap(data: Dataset, settings: AlertSettings): AlertCondition[] {
  const scan = regionalQuery(cubeRows(data), data.manifest, DEFAULT_FILTERS);
  return computeReadiness(data, scan)
    .filter((row) => row.cap > 0 && row.available >= settings.capShare * row.cap)
    .map((row) => ({
      key: `region-cap ${row.code}`,
      kind: 'region-cap',
      sinceHour: data.manifest.hours.last,
      summary: `${row.name} (${row.code}): ${row.available} available supporters, ${percent(row.available / row.cap)} of its cap of ${row.cap}`
    }));
}

export function detectAlerts(data: Dataset, settings: AlertSettings, nowMs: number): AlertCondition[] {
  return [...gatewayOutages(data, settings), ...registrationSilence(data, settings, Math.floor(nowMs / HOUR_MS)), ...regionsAtCap(data, settings)];
}
