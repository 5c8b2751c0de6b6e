/**
 * Peaks in the hourly registrations series, and which campaign events explain them.
 *
 * The baseline for an hour is the median of the same hour in trailing history: the same hour of the week over
 * the last 4 weeks once 3 such weeks exist (so a quiet Sunday night is not compared with a busy Monday
 * evening), else the same hour of the day over the last 7 days (daily rhythm only), so a peak can be found
 * from the second day on. A median ignores one earlier peak in that history.
 * A peak is a run of hours clearly above baseline: above it by more than `sigmas` Poisson standard deviations
 * and by at least `minRatio` times it. What caused a peak is read from the event attribution (peak-shares.ts).
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

export interface EventLike {
  id: string;
  time: string;
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

