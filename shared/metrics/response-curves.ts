/**
 * How registrations respond to an event of each kind, as a multiple of the baseline: a rise over `rise` hours,
 * then an exponential decay with time constant `tau` hours, plus for some kinds a long low tail. The shapes are
 * per kind, not per event: one amplitude per event is all a peak can tell apart from its neighbours. Their
 * time constants were set on the demo's tuning seeds (see tests/integration/attribution) and match what the
 * reference campaign showed: a video is talked about for days, a mailing is opened within hours.
 */
import { HOUR_MS } from '../time/units';
import type { EventKind } from '../cube/format';

export interface ResponseCurve {
  /** Hours to reach the peak response. */
  rise: number;
  /** Decay time constant, hours. */
  tau: number;
  /** A long tail: its amplitude relative to the main response, and its time constant (hours). */
  tail?: readonly [number, number];
  /** Whether an event of this kind held in one region moves the whole country too (a video is watched
   *  everywhere; a rally or a visit is attended where it is held). */
  reachesNation: boolean;
}

export const RESPONSE_CURVES: Readonly<Record<EventKind, ResponseCurve>> = {
  video: { rise: 2, tau: 26, tail: [0.35, 120], reachesNation: true },
  rally: { rise: 2, tau: 15, reachesNation: false },
  regional: { rise: 2, tau: 30, reachesNation: false },
  press: { rise: 0.5, tau: 8, reachesNation: true },
  mailing: { rise: 0.5, tau: 2.5, reachesNation: true },
  plusone: { rise: 0.5, tau: 2, tail: [0.15, 8], reachesNation: true },
  other: { rise: 0.5, tau: 40, reachesNation: true }
};

/** Hours after the event that the response is followed for: until it has decayed below 1 % of its size. */
export function responseHours(curve: ResponseCurve): number {
  return Math.ceil(Math.max(curve.tau * 4.6, curve.tail ? curve.tail[1] * 4.6 : 0) + curve.rise);
}

/**
 * The curve over the hours [firstHour, firstHour + length) (hours since the epoch), for an event at `eventMs`;
 * each hour is valued at its middle, 0 before the event.
 */
export function responseValues(curve: ResponseCurve, eventMs: number, firstHour: number, length: number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const d = ((firstHour + i + 0.5) * HOUR_MS - eventMs) / HOUR_MS;
    if (d <= 0) continue;
    const ramp = Math.min(1, d / curve.rise);
    let v = Math.exp(-d / curve.tau);
    if (curve.tail) v += curve.tail[0] * Math.exp(-d / curve.tail[1]);
    out[i] = ramp * v;
  }
  return out;
}
