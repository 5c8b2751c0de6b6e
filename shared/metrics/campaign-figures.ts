/**
 * Every campaign figure, defined once: the dashboard's header, the readiness table and the daily report all take
 * their target, caps, available, capped total, share of cap, forecast and status from here (README, "Glossary").
 * Inputs are plain numbers, so the figures can be checked against sums taken straight from cube rows.
 */
import type { CampaignInfo } from '../cube/format';
import { dayOfIsoDate } from '../time/civil-date';
import { localDaysOf } from '../time/local-days';

export const READINESS_STATUSES = ['capped', 'on-track', 'at-risk', 'no-cap'] as const;
export type ReadinessStatus = (typeof READINESS_STATUSES)[number];

/**
 * One-sided 90 % Student t quantiles by degrees of freedom (1…6): a central 80 % interval, wide enough to plan on and
 * narrow enough to say something a week out, from up to 7 days.
 */
const T90 = [Infinity, 3.078, 1.886, 1.638, 1.533, 1.476, 1.44];

export interface Forecast {
  value: number;
  low: number;
  high: number;
}

/** End of the collection window (its end date is inclusive) in the campaign's time zone, as an exclusive hour. */
export function deadlineHour(campaign: CampaignInfo): number {
  return localDaysOf(campaign.timeZone).startHour(dayOfIsoDate(campaign.window.end) + 1);
}

/**
 * A count at the deadline from its recent daily counts (oldest first). The sum of D future days around the
 * recent mean m has variance s²·D + s²·D²/n (the days' own spread plus the mean's uncertainty); the low end
 * never falls below the current count, which cannot shrink.
 */
export function forecastAtDeadline(current: number, recentDaily: ArrayLike<number>, rangeEndHour: number, deadline: number): Forecast {
  const n = recentDaily.length;
  const daysLeft = Math.max(0, deadline - rangeEndHour) / 24;
  if (n === 0 || daysLeft === 0) return { value: current, low: current, high: current };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += recentDaily[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (recentDaily[i] - mean) ** 2;
  const spread = n > 1 ? T90[Math.min(n - 1, T90.length - 1)] * Math.sqrt((squares / (n - 1)) * (daysLeft + (daysLeft * daysLeft) / n)) : 0;
  const value = current + mean * daysLeft;
  return { value: Math.round(value), low: Math.max(current, Math.round(value - spread)), high: Math.round(value + spread) };
}

export function readinessStatus(available: number, forecast: number, cap: number): ReadinessStatus {
  if (cap <= 0) return 'no-cap';
  if (available >= cap) return 'capped';
  return forecast >= cap ? 'on-track' : 'at-risk';
}

/** Available ÷ cap; null without a cap. */
export function shareOfCap(available: number, cap: number): number | null {
  return cap > 0 ? available / cap : null;
}

export interface RegionInput {
  cap: number;
  available: number;
  forecast: Forecast;
}

export interface CampaignFigures {
  target: number;
  /** The campaign's own cap on all signatures (config `totalCap`). */
  totalCap: number;
  /** Σ of the regions' caps: what the regions could give at most, before the total cap. */
  regionCaps: number;
  available: number;
  /** min(Σ min(region available, region cap), total cap): the signatures that count. */
  cappedTotal: number;
  /** Capped total ÷ total cap. */
  shareOfCap: number | null;
  /** Capped total ÷ target. */
  toTarget: number | null;
  /** The capped total at the deadline: each region's forecast (and range) within its cap, then the total cap. */
  forecast: Forecast;
  /** Against the total cap, as a region's against its own. */
  status: ReadinessStatus;
}

/**
 * The campaign's figures from its regions' rows. Regions without a cap count in `available` but not in the
 * capped total (they cannot give countable signatures). The forecast range adds the regions' ranges as if
 * they moved together: wider than the campaign's own, never narrower.
 */
export function campaignFigures(campaign: Pick<CampaignInfo, 'target' | 'totalCap'>, regions: readonly RegionInput[]): CampaignFigures {
  const capped = (pick: (r: RegionInput) => number): number =>
    Math.min(
      campaign.totalCap,
      regions.reduce((s, r) => s + (r.cap > 0 ? Math.min(pick(r), r.cap) : 0), 0)
    );
  const cappedTotal = capped((r) => r.available);
  const forecast = { value: capped((r) => r.forecast.value), low: capped((r) => r.forecast.low), high: capped((r) => r.forecast.high) };
  return {
    target: campaign.target,
    totalCap: campaign.totalCap,
    regionCaps: regions.reduce((s, r) => s + r.cap, 0),
    available: regions.reduce((s, r) => s + r.available, 0),
    cappedTotal,
    shareOfCap: shareOfCap(cappedTotal, campaign.totalCap),
    toTarget: campaign.target > 0 ? cappedTotal / campaign.target : null,
    forecast,
    status: readinessStatus(cappedTotal, forecast.value, campaign.totalCap)
  };
}
