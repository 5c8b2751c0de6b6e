/**
 * A filter state as one SQL statement over the cube as published (a table `cube` of INTEGER columns: hour since
 * the epoch, dictionary indexes, stage counts), so DuckDB in Node and DuckDB-WASM in the browser are asked the
 * same question. One statement, not five: in the browser every query is a round trip to DuckDB's worker.
 */
import { STAGES, type Manifest } from '../../shared/cube/format.ts';
import type { FilterState, StageCounts } from '../../shared/scan/types.ts';
import { nonZero, type Answer } from './answer.ts';

export const CUBE_COLUMNS = ['hour', 'region', 'source', 'distance', ...STAGES] as const;

type Part = 'total' | 'region' | 'source' | 'distance' | 'hour';

/** One answer row: which part, the group's key (a dictionary index or an hour), the five sums. */
export type AnswerRow = { part: string; key: number } & StageCounts;

function inList(column: string, dictionary: string[], selected: string[]): string | null {
  if (selected.length === 0) return null;
  const codes = selected.map((s) => dictionary.indexOf(s)).filter((i) => i >= 0);
  return codes.length ? `${column} IN (${codes.join(', ')})` : 'FALSE';
}

export function answerSql(filters: FilterState, manifest: Manifest, withSeries: boolean): string {
  const d = manifest.dimensions;
  const conditions: Record<Part, string | null> = {
    total: null,
    hour: filters.hours ? `hour >= ${filters.hours[0]} AND hour < ${filters.hours[1]}` : null,
    region: inList('region', d.region, filters.regions),
    source: inList('source', d.source, filters.sources),
    distance: inList('distance', d.distance, filters.distance)
  };
  const sums = STAGES.map((s) => `coalesce(sum(${s}), 0)::DOUBLE AS ${s}`).join(', ');
  // A part ignores its own dimension's filter, as a linked view does.
  const part = (name: Part): string => {
    const where = (Object.keys(conditions) as Part[]).filter((k) => k !== name && conditions[k] !== null).map((k) => conditions[k]);
    const key = name === 'total' ? '0' : name;
    return `SELECT '${name}' AS part, ${key} AS key, ${sums} FROM cube${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${name === 'total' ? '' : ` GROUP BY ${name}`}`;
  };
  const parts: Part[] = withSeries ? ['total', 'region', 'source', 'distance', 'hour'] : ['total', 'region', 'source', 'distance'];
  return parts.map(part).join('\nUNION ALL ');
}

export function answerFromRows(rows: AnswerRow[], manifest: Manifest, withSeries: boolean): Answer {
  const d = manifest.dimensions;
  const counts = (r: AnswerRow): StageCounts => ({ registered: r.registered, phone: r.phone, email: r.email, questionnaire: r.questionnaire, future: r.future });
  const of = (name: Part) => rows.filter((r) => r.part === name);
  const named = (name: 'region' | 'source' | 'distance') => nonZero(of(name).map((r): [string, StageCounts] => [d[name][r.key], counts(r)]));
  const total = of('total')[0];
  const answer: Answer = {
    totals: total ? counts(total) : { registered: 0, phone: 0, email: 0, questionnaire: 0, future: 0 },
    byRegion: named('region'),
    bySource: named('source'),
    byDistance: named('distance')
  };
  if (withSeries) answer.series = nonZero(of('hour').map((r): [number, StageCounts] => [r.key, counts(r)]));
  return answer;
}
