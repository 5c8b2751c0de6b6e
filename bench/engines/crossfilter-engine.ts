/**
 * The registrations cube in crossfilter2, the engine the product brief named, kept as the yardstick the scan
 * engine is measured against. Records are row numbers into the cube's columns, so nothing is copied into
 * objects; each group keeps all five stage sums, and a group ignores its own dimension's filter (the same
 * semantics as the scan engine's breakdowns and series).
 */
import crossfilter from 'crossfilter2';
import type { ColumnTable, Manifest } from '../../shared/cube/format.ts';
import type { FilterState, StageCounts } from '../../shared/scan/types.ts';
import { nonZero, type Answer } from './answer.ts';

export interface CrossfilterEngine {
  setFilters(filters: FilterState): void;
  answer(withSeries: boolean): Answer;
}

export function createCrossfilterEngine(table: ColumnTable, manifest: Manifest): CrossfilterEngine {
  const c = table.columns;
  const { registered, phone, email, questionnaire, future } = c;
  const rows = Array.from({ length: table.rows }, (_, i) => i);
  const cf = crossfilter(rows);
  const zero = (): StageCounts => ({ registered: 0, phone: 0, email: 0, questionnaire: 0, future: 0 });
  // Written out, not a loop over the stages: crossfilter calls these once per row per group on every filter
  // change, and a yardstick slowed by its own glue would flatter the scan engine.
  const add = (p: StageCounts, i: number): StageCounts => {
    p.registered += registered[i];
    p.phone += phone[i];
    p.email += email[i];
    p.questionnaire += questionnaire[i];
    p.future += future[i];
    return p;
  };
  const remove = (p: StageCounts, i: number): StageCounts => {
    p.registered -= registered[i];
    p.phone -= phone[i];
    p.email -= email[i];
    p.questionnaire -= questionnaire[i];
    p.future -= future[i];
    return p;
  };
  const hour = cf.dimension((i) => c.hour[i]);
  const region = cf.dimension((i) => c.region[i]);
  const source = cf.dimension((i) => c.source[i]);
  const distance = cf.dimension((i) => c.distance[i]);
  const all = cf.groupAll<StageCounts>().reduce(add, remove, zero);
  const byHour = hour.group<number, StageCounts>().reduce(add, remove, zero);
  const byRegion = region.group<number, StageCounts>().reduce(add, remove, zero);
  const bySource = source.group<number, StageCounts>().reduce(add, remove, zero);
  const byDistance = distance.group<number, StageCounts>().reduce(add, remove, zero);
  const dims = manifest.dimensions;

  const filterCodes = (dimension: typeof region, dictionary: string[], selected: string[]) => {
    if (selected.length === 0) dimension.filterAll();
    else {
      const codes = new Set(selected.map((s) => dictionary.indexOf(s)));
      dimension.filterFunction((code) => codes.has(code as number));
    }
  };
  const named = (group: typeof byRegion, dictionary: string[]) => nonZero(group.all().map((g): [string, StageCounts] => [dictionary[g.key], g.value]));

  return {
    setFilters(f) {
      if (f.hours) hour.filterRange(f.hours);
      else hour.filterAll();
      filterCodes(region, dims.region, f.regions);
      filterCodes(source, dims.source, f.sources);
      filterCodes(distance, dims.distance, f.distance);
    },
    answer(withSeries) {
      const answer: Answer = {
        totals: { ...all.value() },
        byRegion: named(byRegion, dims.region),
        bySource: named(bySource, dims.source),
        byDistance: named(byDistance, dims.distance)
      };
      if (withSeries) answer.series = nonZero(byHour.all().map((g): [number, StageCounts] => [g.key, g.value]));
      return answer;
    }
  };
}
