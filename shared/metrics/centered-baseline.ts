/**
 * The baseline an event's response is measured against: what the hour would have had without events.
 *
 * Unlike the peaks' trailing baseline (which must work on the newest hour), attribution looks back at the
 * whole series, so it may use weeks on both sides: the median of the same hour of the week one to three weeks
 * before and after. Symmetric, it does not lag a growing campaign (a trailing median under-states every hour
 * of a rising trend and hands the difference to whatever event is nearby); a median of six ignores an event
 * in one or two of those weeks. Near the ends, where fewer than three such weeks exist, the same hour of the
 * neighbouring days stands in.
 *
 * A region has too few registrations an hour for a median of its own (mostly zeros, and a median of Poisson
 * counts below one is zero), so its baseline is the national baseline times the region's share of the country
 * over the four weeks around the day. Attribution computes it on the series with the fitted event responses
 * taken out, so the region's own events do not raise it.
 */
function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}

/** Baseline per hour of a dense hourly series; NaN only for a series shorter than two days. */
export function centeredBaseline(values: Float64Array): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const sample: number[] = [];
  for (let i = 0; i < n; i++) {
    sample.length = 0;
    for (let k = 1; k <= 3; k++) {
      if (i - 168 * k >= 0) sample.push(values[i - 168 * k]);
      if (i + 168 * k < n) sample.push(values[i + 168 * k]);
    }
    if (sample.length < 3) {
      for (let k = 1; k <= 3; k++) {
        if (i - 24 * k >= 0) sample.push(values[i - 24 * k]);
        if (i + 24 * k < n) sample.push(values[i + 24 * k]);
      }
    }
    out[i] = sample.length ? median(sample) : NaN;
  }
  return out;
}

const SHARE_DAYS = 14;

/** A region's baseline from its own series and the national one (same hours) and the national baseline. */
export function regionBaseline(region: Float64Array, national: Float64Array, nationalBaseline: Float64Array): Float64Array {
  const days = Math.ceil(national.length / 24);
  const r = new Float64Array(days + 1);
  const t = new Float64Array(days + 1);
  // Prefix sums by day, so each day's four-week share costs two subtractions.
  for (let d = 0; d < days; d++) {
    let rs = 0;
    let ts = 0;
    for (let i = d * 24; i < Math.min(national.length, d * 24 + 24); i++) {
      rs += region[i];
      ts += national[i];
    }
    r[d + 1] = r[d] + rs;
    t[d + 1] = t[d] + ts;
  }
  const out = new Float64Array(national.length);
  for (let d = 0; d < days; d++) {
    const from = Math.max(0, d - SHARE_DAYS);
    const to = Math.min(days, d + SHARE_DAYS + 1);
    const total = t[to] - t[from];
    const share = total > 0 ? Math.max(0, r[to] - r[from]) / total : 0;
    for (let i = d * 24; i < Math.min(national.length, d * 24 + 24); i++) out[i] = nationalBaseline[i] * share;
  }
  return out;
}
