/**
 * The hourly timeline and its rhythms: day/night (by each region's own local hour), week, the slow growth
 * trend and the collection window's rush. Pure functions of the spec.
 */
import type { DemoSpec } from './calendar.ts';
import { DAY_MS, HOUR_MS } from '../../shared/time/units.ts';
import { OffsetTable, zonedToEpoch } from './time.ts';

export interface Timeline {
  spec: DemoSpec;
  startMs: number;
  /** Exclusive: the instant the export was taken. */
  endMs: number;
  hours: number;
  windowStartMs: number;
  /** Exclusive end of the window's last day. */
  windowEndMs: number;
  /** Campaign time zone offsets (for timestamps written to files). */
  campaign: OffsetTable;
}

export function buildTimeline(spec: DemoSpec): Timeline {
  const startMs = zonedToEpoch(spec.start, spec.timeZone);
  const endMs = zonedToEpoch(spec.end, spec.timeZone);
  const hours = Math.round((endMs - startMs) / HOUR_MS);
  const windowStartMs = zonedToEpoch(spec.window.start, spec.timeZone);
  const windowEndMs = zonedToEpoch(spec.window.end, spec.timeZone) + DAY_MS;
  // Stage timestamps may fall a little after the export; a few spare days keep lookups in range.
  const campaign = new OffsetTable(spec.timeZone, startMs, hours + 24 * 40);
  return { spec, startMs, endMs, hours, windowStartMs, windowEndMs, campaign };
}

/** Relative sign-up activity by local hour of day: quiet at night, a peak in the evening. */
export const DAY_NIGHT: readonly number[] = [
  0.42, 0.26, 0.16, 0.1, 0.08, 0.09, 0.16, 0.34, 0.62, 0.86, 1.0, 1.08, //
  1.14, 1.16, 1.15, 1.15, 1.18, 1.24, 1.34, 1.46, 1.56, 1.52, 1.2, 0.78
];

/** By local day of week, Sunday first. */
export const WEEKLY: readonly number[] = [0.93, 1.06, 1.05, 1.02, 1.0, 0.92, 0.84];

/**
 * National level at hour h: a slow growth over the campaign, the collection window's rush
 * (rising towards the deadline), and the New Year lull inside it.
 */
export function trendAt(t: Timeline, ms: number): number {
  const p = (ms - t.startMs) / (t.endMs - t.startMs);
  let level = 0.35 + 1.1 * Math.pow(p, 1.6);
  if (ms >= t.windowStartMs && ms < t.windowEndMs) {
    const q = (ms - t.windowStartMs) / (t.windowEndMs - t.windowStartMs);
    level *= 1.6 + 1.6 * q;
  }
  // New Year holidays: 31 Dec – 2 Jan (by the campaign calendar) are quiet.
  const local = new Date(ms + t.campaign.at(ms) * 60_000);
  const mo = local.getUTCMonth();
  const d = local.getUTCDate();
  if ((mo === 11 && d === 31) || (mo === 0 && d <= 2)) level *= 0.45;
  return level;
}

/** Campaign progress in [0, 1). */
export function progressAt(t: Timeline, ms: number): number {
  return (ms - t.startMs) / (t.endMs - t.startMs);
}
