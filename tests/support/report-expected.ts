/**
 * Figures computed straight from the synthetic cube, independently of the report code: sum the rows whose
 * hour falls in the day. The synthetic campaign is in Europe/Moscow (UTC+3 all year since 2014), so a day
 * is simply 21:00 UTC the evening before to 21:00 UTC.
 */
import type { Dataset } from '../../shared/cube/dataset.ts';

export function moscowDay(date: string): [number, number] {
  const [y, m, d] = date.split('-').map(Number);
  const start = Date.UTC(y, m - 1, d) / 3_600_000 - 3;
  return [start, start + 24];
}

/** Σ of a stage column over rows with hour in [from, to) (and, for `available`, distance city/near). */
export function sumStage(data: Dataset, stage: 'registered' | 'phone' | 'future' | 'available', [from, to]: [number, number], region?: string): number {
  const { columns, rows } = data.registrations;
  const dims = data.manifest.dimensions;
  // "then>now" codes: available follows the class as of the data set's network, the part after '>' (or the whole).
  const near = new Set(dims.distance.flatMap((d, i) => (['city', 'near'].includes(d.slice(d.indexOf('>') + 1)) ? [i] : [])));
  const regionIndex = region === undefined ? -1 : dims.region.indexOf(region);
  const column = columns[stage === 'available' ? 'future' : stage];
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    if (columns.hour[i] < from || columns.hour[i] >= to) continue;
    if (stage === 'available' && !near.has(columns.distance[i])) continue;
    if (regionIndex >= 0 && columns.region[i] !== regionIndex) continue;
    sum += column[i];
  }
  return sum;
}
