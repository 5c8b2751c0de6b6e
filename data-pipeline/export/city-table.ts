/**
 * cities.arrow's bytes (format in shared/cube/city-table.ts) from the registrations' per-city days: the pack's
 * cities only, each (city, stage) series under the small-cell rule, and per city the number of distinct spellings
 * that resolved to it (a count, never the spellings themselves).
 */
import { DateDay, Dictionary, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { City } from '../../geo/pack.ts';
import { STAGES } from '../../shared/cube/format.ts';
import type { CityDays } from '../cube/city-days.ts';
import { holdSmallCells, type PublishedDay } from './small-cells.ts';

const DAY_MS = 86_400_000;

export interface CityTableBytes {
  bytes: Uint8Array;
  rows: number;
}

/** `spellingsOf[cityIndex]`: distinct spellings that resolved to the pack's city at that index. */
export function cityTableBytes(cityDays: CityDays, cities: readonly City[], spellingsOf: ReadonlyMap<number, number>): CityTableBytes {
  const published: Array<{ cityIndex: number; day: PublishedDay }> = [];
  const cells = cityDays.sorted();
  for (let start = 0; start < cells.length; ) {
    let end = start;
    while (end < cells.length && cells[end].cityIndex === cells[start].cityIndex) end++;
    for (const day of holdSmallCells(cells.slice(start, end), STAGES.length)) published.push({ cityIndex: cells[start].cityIndex, day });
    start = end;
  }
  const city = (p: (typeof published)[number]): City => cities[p.cityIndex];
  // Fixed dictionary ids: apache-arrow otherwise numbers them from a process-wide counter, and the same data built
  // twice in one process would publish different bytes.
  const text = (values: string[], id: number) => vectorFromArray(values, new Dictionary(new Utf8(), new Int32(), id));
  const table = new Table({
    city_id: vectorFromArray(published.map((p) => city(p).geonameId), new Int32()),
    name: text(published.map((p) => city(p).name), 0),
    region: text(published.map((p) => city(p).regionCode), 1),
    lat: vectorFromArray(published.map((p) => city(p).lat), new Float64()),
    lon: vectorFromArray(published.map((p) => city(p).lon), new Float64()),
    spellings: vectorFromArray(published.map((p) => spellingsOf.get(p.cityIndex) ?? 0), new Int32()),
    day: vectorFromArray(published.map((p) => new Date(p.day.day * DAY_MS)), new DateDay()),
    ...Object.fromEntries(STAGES.map((s, k) => [s, vectorFromArray(published.map((p) => p.day.counts[k]), new Int32())]))
  });
  return { bytes: tableToIPC(table, 'stream'), rows: published.length };
}
