/**
 * The linked views' row loop: totals and the three breakdowns (region, source, distance) over a set of rows in
 * one pass, each breakdown under every filter but its own dimension's (crossfilter semantics).
 */
import type { CubeRows } from './cube-rows';
import { addDayBreakdown } from './day-marginals';
import type { Segment } from './day-index';
import type { Masks } from './filter-masks';
import { N_STAGES } from './stage-counts';

export interface Breakdown {
  totals: Float64Array;
  region: Float64Array;
  source: Float64Array;
  distance: Float64Array;
}

const emptyBreakdown = (sizes: CubeRows['sizes']): Breakdown => ({
  totals: new Float64Array(N_STAGES),
  region: new Float64Array(sizes.region * N_STAGES),
  source: new Float64Array(sizes.source * N_STAGES),
  distance: new Float64Array(sizes.distance * N_STAGES)
});

/**
 * Totals and the three breakdowns over an hour range in one pass; each breakdown ignores its own dimension's
 * filter (crossfilter semantics), so a bar chart greys the other bars rather than dropping them.
 */
export function breakdown(rows: Segment[], masks: Masks, sizes: CubeRows['sizes']): Breakdown {
  const out = emptyBreakdown(sizes);
  if (masks.none) {
    unfiltered(rows, out);
    return out;
  }
  // The four tallies are written out rather than shared through a helper: this loop is the brush's hot path,
  // and a call per tally per row cost more than the scan itself.
  const { totals, region: byRegion, source: bySource, distance: byDistance } = out;
  for (const seg of rows) {
    const { region, source, distance, registered, phone, email, questionnaire, future } = seg.cols;
    for (let i = seg.start; i < seg.end; i++) {
      const r = region[i];
      const s = source[i];
      const d = distance[i];
      const rOk = masks.region[r];
      const sOk = masks.source[s];
      const dOk = masks.distance[d];
      if (rOk + sOk + dOk < 2) continue;
      const v0 = registered[i];
      const v1 = phone[i];
      const v2 = email[i];
      const v3 = questionnaire[i];
      const v4 = future[i];
      if (sOk & dOk) {
        const b = r * N_STAGES;
        byRegion[b] += v0;
        byRegion[b + 1] += v1;
        byRegion[b + 2] += v2;
        byRegion[b + 3] += v3;
        byRegion[b + 4] += v4;
      }
      if (rOk & dOk) {
        const b = s * N_STAGES;
        bySource[b] += v0;
        bySource[b + 1] += v1;
        bySource[b + 2] += v2;
        bySource[b + 3] += v3;
        bySource[b + 4] += v4;
      }
      if (rOk & sOk) {
        const b = d * N_STAGES;
        byDistance[b] += v0;
        byDistance[b + 1] += v1;
        byDistance[b + 2] += v2;
        byDistance[b + 3] += v3;
        byDistance[b + 4] += v4;
      }
      if (rOk & sOk & dOk) {
        totals[0] += v0;
        totals[1] += v1;
        totals[2] += v2;
        totals[3] += v3;
        totals[4] += v4;
      }
    }
  }
  return out;
}

/**
 * `breakdown` over an hour range. With no categorical filter (a brush drag), the whole days inside it come from
 * the daily running totals and only its ragged ends are read row by row.
 */
export function breakdownOver(cube: CubeRows, range: [number, number], masks: Masks): Breakdown {
  if (!masks.none) return breakdown(cube.rows(range), masks, cube.sizes);
  const { hours, days, marginals } = cube.split(range);
  const out = breakdown(hours, masks, cube.sizes);
  addDayBreakdown(marginals, days, out);
  return out;
}

/**
 * `breakdown` without a categorical filter, the usual case while a brush moves: every row counts in every
 * tally, so the loop has no mask reads or branches and runs about twice as fast. Unrolled like `breakdown`, for
 * the same reason.
 */
function unfiltered(rows: Segment[], out: Breakdown): void {
  const { totals, region: byRegion, source: bySource, distance: byDistance } = out;
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  let t4 = 0;
  for (const seg of rows) {
    const { region, source, distance, registered, phone, email, questionnaire, future } = seg.cols;
    for (let i = seg.start; i < seg.end; i++) {
      const v0 = registered[i];
      const v1 = phone[i];
      const v2 = email[i];
      const v3 = questionnaire[i];
      const v4 = future[i];
      t0 += v0;
      t1 += v1;
      t2 += v2;
      t3 += v3;
      t4 += v4;
      let b = region[i] * N_STAGES;
      byRegion[b] += v0;
      byRegion[b + 1] += v1;
      byRegion[b + 2] += v2;
      byRegion[b + 3] += v3;
      byRegion[b + 4] += v4;
      b = source[i] * N_STAGES;
      bySource[b] += v0;
      bySource[b + 1] += v1;
      bySource[b + 2] += v2;
      bySource[b + 3] += v3;
      bySource[b + 4] += v4;
      b = distance[i] * N_STAGES;
      byDistance[b] += v0;
      byDistance[b + 1] += v1;
      byDistance[b + 2] += v2;
      byDistance[b + 3] += v3;
      byDistance[b + 4] += v4;
    }
  }
  totals[0] = t0;
  totals[1] = t1;
  totals[2] = t2;
  totals[3] = t3;
  totals[4] = t4;
}

/**
 * What the unfiltered page shows, in one pass over the whole cube instead of two (`breakdown` and then
 * `hourlySums`): the breakdowns, and the five-stage sums by hour − `cube.first`. Each run of rows of one hour
 * goes through `unfiltered`, whose totals are then that hour's sums. On the demo's 695k rows this is one cold
 * loop for the JIT to compile instead of two, at start-up where nothing is compiled yet (about 35 ms instead of
 * 50–85 in Node; twice that in a first load on the loaded bench machine). Rows out of hour order only make
 * shorter runs.
 */
export function openingTallies(cube: CubeRows): { breakdown: Breakdown; hourly: Float64Array } {
  const out = emptyBreakdown(cube.sizes);
  const hourly = new Float64Array(cube.nHours * N_STAGES);
  const totals = new Float64Array(N_STAGES);
  const { hours, whole } = cube;
  for (let start = whole.start, end = start; start < whole.end; start = end) {
    const hour = hours[start];
    while (end < whole.end && hours[end] === hour) end++;
    unfiltered([{ cols: whole.cols, start, end }], out);
    const base = (hour - cube.first) * N_STAGES;
    for (let s = 0; s < N_STAGES; s++) {
      hourly[base + s] += out.totals[s];
      totals[s] += out.totals[s];
    }
  }
  out.totals.set(totals);
  return { breakdown: out, hourly };
}
