/**
 * How many registrations each campaign event added, split so that events close in time share one surge
 * instead of each being credited with all of it.
 *
 * Model: every hour of a series is its baseline (centered-baseline.ts) times 1 + Σ over events of the event's
 * amplitude × its kind's response curve (response-curves.ts) — an event multiplies the sign-up rate, so a
 * video at night responds in the morning. The amplitudes are fitted jointly to the residual (series −
 * baseline) by non-negative least squares, weighted by 1 / baseline (Poisson noise): overlapping events
 * compete for the same registrations, and an event the data does not support gets 0. Baseline and fit are
 * estimated in turns (backfitting): the baseline is recomputed from the series with the fitted responses taken
 * out, so a video's week-long tail is not mistaken for the usual level of the weeks around it.
 *
 * Regions: an event held in a region (regionCode set) is measured on that region's series against that
 * region's baseline, so a city rally cannot take a national surge. The rows are the event regions' series and
 * "the rest of the country", which partition the national total; a national event acts on all of them with
 * one amplitude, a regional one on its region only, and a regional event of a kind that reaches the nation
 * (a regional investigation video) gets both a regional and a national amplitude.
 *
 * Range: a moving-block bootstrap — the fit plus the standardised residual of randomly drawn whole days (the
 * noise of a day is shared by its hours), refitted; low/high are the central `level` interval. Seeded, so the
 * dashboard, the report and the CLI print the same numbers.
 *
 * Adds up: the fitted responses are additive, and within every group of events whose response windows
 * overlap, the lifts are scaled down if needed so they sum to at most the group's registrations above the
 * baseline over those windows.
 */
import type { EventKind } from '../cube/format';
import { centeredBaseline, regionBaseline } from './centered-baseline';
import { nnls } from './nnls';
import { hourOfIso } from '../time/hours';
import { RESPONSE_CURVES, responseHours, responseValues } from './response-curves';
import { mulberry32 } from '../random/mulberry32';

export interface AttributableEvent {
  id: string;
  time: string;
  kind: EventKind;
  regionCode: string | null;
}

/** Every hour from `first` on, zeros included (as `densify` in peaks.ts returns it). */
export interface DenseSeries {
  first: number;
  values: Float64Array;
}

export interface EventAttribution {
  id: string;
  /** Registrations the event added over [start, end). */
  lift: number;
  /** The bootstrap interval of `lift`. */
  low: number;
  high: number;
  /** Hours since the epoch its response was followed over (half-open), clipped to the data. */
  start: number;
  end: number;
  /** Its fitted registrations in each hour of [start, end), all regions together. */
  hourly: Float64Array;
}

export interface AttributionInput<E extends AttributableEvent> {
  national: DenseSeries;
  /** Hourly series of the regions that events are held in, by region code; a missing one makes its events national. */
  regions: ReadonlyMap<string, DenseSeries>;
  events: readonly E[];
}

export interface AttributionOptions {
  /** Bootstrap refits behind each range. */
  resamples?: number;
  /** Central share of the bootstrap distribution that low–high covers. */
  level?: number;
  seed?: number;
}

/** Baseline ↔ fit turns; the third changes lifts by well under 1 % on the demo. */
const PASSES = 3;

/** An event's amplitude on one set of rows: the whole country (`region` −1) or one event region. */
interface Column {
  event: number;
  region: number;
  /** Offset of the window into the series, and the response curve over it. */
  at: number;
  shape: Float64Array;
}

/** The rows of one pass: each event region's series and the rest of the country, with their baselines. */
interface Rows {
  base: Float64Array[];
  y: Float64Array[];
  weight: Float64Array[];
  /** Σ over series of weight × base² (what a national column's Gram entries weigh hours by), and of base. */
  kNational: Float64Array;
  bNational: Float64Array;
}


function onRange(series: DenseSeries, first: number, length: number): Float64Array {
  const out = new Float64Array(length);
  const from = Math.max(first, series.first);
  const to = Math.min(first + length, series.first + series.values.length);
  for (let h = from; h < to; h++) out[h - first] = series.values[h - series.first];
  return out;
}

function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

function rowsFor(values: Float64Array[], cleanNational: Float64Array, cleanRegions: Float64Array[]): Rows {
  const H = cleanNational.length;
  const nationalBase = centeredBaseline(cleanNational).map((b) => (Number.isNaN(b) ? 0 : b));
  const base = cleanRegions.map((r) => regionBaseline(r, cleanNational, nationalBase));
  const restBase = Float64Array.from(nationalBase);
  for (const b of base) for (let h = 0; h < H; h++) restBase[h] -= b[h];
  base.push(restBase.map((b) => Math.max(0, b)));
  const kNational = new Float64Array(H);
  const bNational = new Float64Array(H);
  const y: Float64Array[] = [];
  const weight: Float64Array[] = [];
  base.forEach((b, s) => {
    const ys = new Float64Array(H);
    const ws = new Float64Array(H);
    for (let h = 0; h < H; h++) {
      ys[h] = values[s][h] - b[h];
      ws[h] = 1 / Math.max(b[h], 1);
      kNational[h] += ws[h] * b[h] * b[h];
      bNational[h] += b[h];
    }
    y.push(ys);
    weight.push(ws);
  });
  return { base, y, weight, kNational, bNational };
}

export function attributeEvents<E extends AttributableEvent>(input: AttributionInput<E>, options: AttributionOptions = {}): Map<string, EventAttribution> {
  const { resamples = 20, level = 0.9, seed = 1 } = options;
  const { first, values: national } = input.national;
  const H = national.length;

  // Rows: the event regions' series, then the rest of the country; together they make the national total.
  const codes = [...new Set(input.events.map((e) => e.regionCode).filter((c): c is string => c !== null && input.regions.has(c)))].sort();
  const regionIndex = new Map(codes.map((c, i) => [c, i]));
  const regionValues = codes.map((code) => onRange(input.regions.get(code) ?? { first, values: new Float64Array(0) }, first, H));
  const rest = Float64Array.from(national);
  for (const v of regionValues) for (let h = 0; h < H; h++) rest[h] -= v[h];
  const values = [...regionValues, rest];
  const S = values.length;

  const columns: Column[] = [];
  const windows = input.events.map((e, event) => {
    const curve = RESPONSE_CURVES[e.kind];
    const eventHour = hourOfIso(e.time);
    const start = Math.max(first, eventHour);
    const end = Math.min(first + H, eventHour + responseHours(curve));
    if (end <= start) return { start, end: start };
    const shape = responseValues(curve, Date.parse(e.time), start, end - start);
    const r = e.regionCode === null ? undefined : regionIndex.get(e.regionCode);
    if (r !== undefined) columns.push({ event, region: r, at: start - first, shape });
    if (r === undefined || curve.reachesNation) columns.push({ event, region: -1, at: start - first, shape });
    return { start, end };
  });
  const p = columns.length;

  const weighOf = (rows: Rows, region: number): Float64Array => (region < 0 ? rows.kNational : rows.weight[region].map((w, h) => w * rows.base[region][h] ** 2));
  const gramFor = (rows: Rows): Float64Array => {
    const gram = new Float64Array(p * p);
    const k = [...rows.base.slice(0, S - 1).map((_, r) => weighOf(rows, r))];
    for (let i = 0; i < p; i++) {
      const a = columns[i];
      for (let j = i; j < p; j++) {
        const b = columns[j];
        if (a.region >= 0 && b.region >= 0 && a.region !== b.region) continue;
        const from = Math.max(a.at, b.at);
        const to = Math.min(a.at + a.shape.length, b.at + b.shape.length);
        if (to <= from) continue;
        const region = a.region >= 0 ? a.region : b.region;
        const weigh = region >= 0 ? k[region] : rows.kNational;
        let s = 0;
        for (let h = from; h < to; h++) s += a.shape[h - a.at] * b.shape[h - b.at] * weigh[h];
        gram[i * p + j] = s;
        gram[j * p + i] = s;
      }
    }
    return gram;
  };
  /** Xᵀ W y for residuals `ys` of every series. */
  const rhsFor = (rows: Rows, ys: Float64Array[]): Float64Array => {
    const { weight, base } = rows;
    const national = new Float64Array(H);
    for (let s = 0; s < S; s++) {
      const w = weight[s];
      const b = base[s];
      const y = ys[s];
      for (let h = 0; h < H; h++) national[h] += w[h] * b[h] * y[h];
    }
    const out = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      const c = columns[i];
      let t = 0;
      if (c.region < 0) {
        for (let k = 0; k < c.shape.length; k++) t += c.shape[k] * national[c.at + k];
      } else {
        const w = weight[c.region];
        const b = base[c.region];
        const y = ys[c.region];
        for (let k = 0; k < c.shape.length; k++) t += c.shape[k] * w[c.at + k] * b[c.at + k] * y[c.at + k];
      }
      out[i] = t;
    }
    return out;
  };
  /** Σ amplitude × curve over the national rows and over each region's rows. */
  const responses = (amplitude: Float64Array): { national: Float64Array; regional: Float64Array[] } => {
    const out = { national: new Float64Array(H), regional: codes.map(() => new Float64Array(H)) };
    columns.forEach((c, i) => {
      if (amplitude[i] === 0) return;
      const m = c.region < 0 ? out.national : out.regional[c.region];
      for (let k = 0; k < c.shape.length; k++) m[c.at + k] += amplitude[i] * c.shape[k];
    });
    return out;
  };
  const fitted = (rows: Rows, amplitude: Float64Array): Float64Array[] => {
    const m = responses(amplitude);
    return rows.base.map((b, s) => b.map((x, h) => x * (m.national[h] + (s < S - 1 ? m.regional[s][h] : 0))));
  };

  let rows = rowsFor(values, national, regionValues);
  let gram = gramFor(rows);
  let amplitude = nnls(gram, rhsFor(rows, rows.y));
  for (let pass = 1; pass < PASSES; pass++) {
    const fit = fitted(rows, amplitude);
    const clean = values.map((v, s) => v.map((x, h) => x - fit[s][h]));
    const cleanNational = new Float64Array(H);
    for (const c of clean) for (let h = 0; h < H; h++) cleanNational[h] += c[h];
    rows = rowsFor(values, cleanNational, clean.slice(0, S - 1));
    gram = gramFor(rows);
    amplitude = nnls(gram, rhsFor(rows, rows.y), amplitude);
  }

  const liftsOf = (a: Float64Array): Float64Array => {
    const lifts = new Float64Array(input.events.length);
    columns.forEach((c, i) => {
      if (a[i] === 0) return;
      const b = c.region < 0 ? rows.bNational : rows.base[c.region];
      let t = 0;
      for (let k = 0; k < c.shape.length; k++) t += c.shape[k] * b[c.at + k];
      lifts[c.event] += a[i] * t;
    });
    return lifts;
  };
  const lifts = liftsOf(amplitude);

  // Bootstrap: the fit plus whole days of the residual, standardised by its Poisson scale (√baseline).
  const fit = fitted(rows, amplitude);
  const scale = rows.base.map((b) => b.map((x) => Math.sqrt(Math.max(x, 1))));
  const z = rows.y.map((y, s) => y.map((v, h) => (v - fit[s][h]) / scale[s][h]));
  const days = Math.floor(H / 24);
  const next = mulberry32(seed);
  const draws: number[][] = input.events.map(() => []);
  const yStar = values.map(() => new Float64Array(H));
  for (let rep = 0; rep < resamples && days > 0; rep++) {
    const pick = Array.from({ length: Math.ceil(H / 24) }, () => Math.floor(next() * days));
    for (let s = 0; s < S; s++) {
      const [ys, f, sc, zs] = [yStar[s], fit[s], scale[s], z[s]];
      for (let h = 0; h < H; h++) ys[h] = f[h] + sc[h] * zs[pick[(h / 24) | 0] * 24 + (h % 24)];
    }
    const l = liftsOf(nnls(gram, rhsFor(rows, yStar), amplitude));
    for (let e = 0; e < l.length; e++) draws[e].push(l[e]);
  }

  // Groups of events whose windows overlap: their lifts may not add up to more than the excess over them.
  const factor = new Float64Array(input.events.length).fill(1);
  const order = input.events.map((_, e) => e).filter((e) => windows[e].end > windows[e].start).sort((a, b) => windows[a].start - windows[b].start);
  for (let i = 0; i < order.length; ) {
    let end = windows[order[i]].end;
    let j = i + 1;
    while (j < order.length && windows[order[j]].start < end) end = Math.max(end, windows[order[j++]].end);
    let excess = 0;
    for (let h = windows[order[i]].start - first; h < end - first; h++) excess += national[h] - rows.bNational[h];
    let credited = 0;
    for (let k = i; k < j; k++) credited += lifts[order[k]];
    if (credited > Math.max(0, excess)) for (let k = i; k < j; k++) factor[order[k]] = Math.max(0, excess) / credited;
    i = j;
  }

  const out = new Map<string, EventAttribution>();
  const tail = (1 - level) / 2;
  input.events.forEach((e, k) => {
    const { start, end } = windows[k];
    const hourly = new Float64Array(end - start);
    const f = factor[k];
    columns.forEach((c, i) => {
      if (c.event !== k || amplitude[i] === 0) return;
      const b = c.region < 0 ? rows.bNational : rows.base[c.region];
      for (let h = 0; h < c.shape.length; h++) hourly[h] += f * amplitude[i] * c.shape[h] * b[c.at + h];
    });
    const sorted = draws[k].sort((a, b) => a - b);
    const lift = Math.floor(f * lifts[k]);
    out.set(e.id, {
      id: e.id,
      lift,
      low: Math.min(lift, Math.floor(f * percentile(sorted, tail))),
      high: Math.max(lift, Math.ceil(f * percentile(sorted, 1 - tail))),
      start,
      end,
      hourly
    });
  });
  return out;
}
