/**
 * Peaks in the hourly registrations series, and which campaign events explain them.
 *
 * The baseline for an hour is the median of the same hour in trailing history: the same hour of the week over
 * the last 4 weeks once 3 such weeks exist (so a quiet Sunday night is not compared with a busy Monday
 * evening), else the same hour of the day over the last 7 days (daily rhythm only), so a peak can be found
 * from the second day on. A median ignores one earlier peak in that history.
 * A peak is a run of hours clearly above baseline: above it by more than `sigmas` Poisson standard deviations
 * and by at least `minRatio` times it. The report reuses these functions on the same series.
 */
import { hourOfIso } from '../time/hours';

export interface HourValue {
  hour: number;
  value: number;
}

export interface PeakOptions {
  /** Hours above baseline must exceed it by this many √baseline (Poisson noise). */
  sigmas?: number;
  /** … and be at least this multiple of it. */
  minRatio?: number;
  /** Runs closer than this many hours merge into one peak. */
  mergeGapHours?: number;
  /** A peak must gather at least this many registrations above baseline; default 5% of the median day's total,
   *  so the same settings suit a small test set and a million registrations. */
  minExcess?: number;
}

export interface Peak {
  /** First hour above baseline, and the hour after the last (half-open). */
  start: number;
  end: number;
  /** The hour with the highest value, its value and baseline. */
  top: number;
  value: number;
  baseline: number;
  /** Registrations above baseline over the run. */
  excess: number;
}

export interface Lift {
  eventHour: number;
  hoursAfter: number;
  actual: number;
  baseline: number;
  /** actual − baseline over [eventHour, eventHour + hoursAfter). */
  lift: number;
}

export interface EventLike {
  id: string;
  time: string;
}

export interface PeakCause<E extends EventLike> {
  event: E;
  lift: Lift;
}

/** Every hour from the first to the last, zeros where the series has none (the engine omits empty hours). */
export function densify(series: HourValue[]): { first: number; values: Float64Array } {
  if (series.length === 0) return { first: 0, values: new Float64Array(0) };
  let first = Infinity;
  let last = -Infinity;
  for (const p of series) {
    if (p.hour < first) first = p.hour;
    if (p.hour > last) last = p.hour;
  }
  const values = new Float64Array(last - first + 1);
  for (const p of series) values[p.hour - first] += p.value;
  return { first, values };
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}

function medianDailyTotal(values: Float64Array): number {
  const days: number[] = [];
  for (let i = 0; i + 24 <= values.length; i += 24) {
    let s = 0;
    for (let j = i; j < i + 24; j++) s += values[j];
    days.push(s);
  }
  return days.length ? median(days) : 0;
}

/** Baseline per hour of a dense series; NaN where there is no history yet (the first day). */
export function seasonalBaseline(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  const sample: number[] = [];
  for (let i = 0; i < values.length; i++) {
    sample.length = 0;
    for (let k = 1; k <= 4 && i - 168 * k >= 0; k++) sample.push(values[i - 168 * k]);
    if (sample.length < 3) {
      sample.length = 0;
      for (let k = 1; k <= 7 && i - 24 * k >= 0; k++) sample.push(values[i - 24 * k]);
    }
    out[i] = sample.length ? median(sample) : NaN;
  }
  return out;
}

export function detectPeaks(series: HourValue[], opts: PeakOptions = {}): Peak[] {
  const { sigmas = 4, minRatio = 1.5, mergeGapHours = 2 } = opts;
  const { first, values } = densify(series);
  const minExcess = opts.minExcess ?? 0.05 * medianDailyTotal(values);
  const base = seasonalBaseline(values);
  const above = (i: number) => {
    const b = base[i];
    if (Number.isNaN(b)) return false;
    const v = values[i];
    return v - b > sigmas * Math.sqrt(Math.max(b, 1)) && v >= minRatio * Math.max(b, 1);
  };
  const peaks: Peak[] = [];
  let i = 0;
  while (i < values.length) {
    if (!above(i)) {
      i++;
      continue;
    }
    let end = i + 1;
    for (let gap = 0; end < values.length && gap <= mergeGapHours; end++) {
      if (above(end)) gap = 0;
      else gap++;
      if (gap > mergeGapHours) break;
    }
    // Trim the trailing hours that were only tolerated as a gap.
    while (end > i + 1 && !above(end - 1)) end--;
    let top = i;
    let excess = 0;
    for (let j = i; j < end; j++) {
      excess += values[j] - base[j];
      if (values[j] > values[top]) top = j;
    }
    if (excess >= minExcess) {
      peaks.push({ start: first + i, end: first + end, top: first + top, value: values[top], baseline: base[top], excess: Math.round(excess) });
    }
    i = end;
  }
  return peaks;
}

/** Registrations above the seasonal baseline in the `hoursAfter` hours from `eventHour` on. */
export function eventLift(series: HourValue[], eventHour: number, hoursAfter = 48): Lift {
  const { first, values } = densify(series);
  return liftOver(first, values, seasonalBaseline(values), eventHour, hoursAfter);
}

function liftOver(first: number, values: Float64Array, base: Float64Array, eventHour: number, hoursAfter: number): Lift {
  let actual = 0;
  let baseline = 0;
  for (let h = eventHour; h < eventHour + hoursAfter; h++) {
    const i = h - first;
    if (i < 0 || i >= values.length || Number.isNaN(base[i])) continue;
    actual += values[i];
    baseline += base[i];
  }
  return { eventHour, hoursAfter, actual, baseline: Math.round(baseline), lift: Math.round(actual - baseline) };
}

/**
 * "What caused this peak": the events from `windowHours` before the peak's start up to its top hour,
 * each with its lift, biggest first.
 */
export function peakCauses<E extends EventLike>(series: HourValue[], peak: Peak, events: E[], windowHours = 24, hoursAfter = 48): PeakCause<E>[] {
  return explainPeaks(series, [peak], events, windowHours, hoursAfter)[0].causes;
}

/** `peakCauses` for many peaks of one series, computing its baseline once. */
export function explainPeaks<E extends EventLike>(
  series: HourValue[],
  peaks: Peak[],
  events: E[],
  windowHours = 24,
  hoursAfter = 48
): { peak: Peak; causes: PeakCause<E>[] }[] {
  const { first, values } = densify(series);
  const base = seasonalBaseline(values);
  const timed = events.map((event) => ({ event, hour: hourOfIso(event.time) }));
  return peaks.map((peak) => ({
    peak,
    causes: timed
      .filter(({ hour }) => hour >= peak.start - windowHours && hour <= peak.top)
      .map(({ event, hour }) => ({ event, lift: liftOver(first, values, base, hour, hoursAfter) }))
      .sort((a, b) => b.lift.lift - a.lift.lift)
  }));
}
